import { z } from 'zod';
import { genesysObject } from './genesys-object.js';

// Response schemas are loose: fields we rely on are checked, unknown fields pass through
// untouched (a Campaign is written back whole, so nothing may be dropped).

export const UserReferenceSchema = genesysObject({
  id: z.string(),
  selfUri: z.string().optional(),
});
/** SDK `UserReference`. */
export type UserReference = z.infer<typeof UserReferenceSchema>;

export const DomainEntityRefSchema = genesysObject({
  id: z.string().optional(),
  name: z.string().optional(),
  selfUri: z.string().optional(),
});
/** SDK `DomainEntityRef`. */
export type DomainEntityRef = z.infer<typeof DomainEntityRefSchema>;

export const WfmVersionedEntityMetadataSchema = genesysObject({
  version: z.number().int(),
  dateModified: z.string().optional(),
  modifiedBy: DomainEntityRefSchema.optional(),
  dateCreated: z.string().optional(),
  createdBy: DomainEntityRefSchema.optional(),
});
/** SDK `WfmVersionedEntityMetadata`: the version a WFM write must quote. */
export type WfmVersionedEntityMetadata = z.infer<typeof WfmVersionedEntityMetadataSchema>;

/** The part of `WfmVersionedEntityMetadata` a write sends. */
export interface WfmVersionReference {
  version: number;
}
