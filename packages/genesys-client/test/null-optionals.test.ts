import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { GENESYS_ROUTE_MODELS, type ResponseModel } from '../src/index.js';

// Walks zod 4 schemas through their definitions: enough of zod's kinds for the Genesys models.
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, string>;
  in?: z.ZodType;
  values?: unknown[];
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under optional/nullable wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return schema;
}

function isContainer(schema: z.ZodType): boolean {
  return ['object', 'array', 'record'].includes(defOf(unwrap(schema)).type);
}

/**
 * A valid value for `schema` where optional fields are `null`: every optional scalar, and every optional object,
 * array or record at object depth `nullDepth` or deeper (shallower ones are filled, so the optional fields inside
 * them get their `null` in a deeper variant). `nulls` counts the nulls fed.
 */
function sample(schema: z.ZodType, depth: number, nullDepth: number, nulls: { count: number }): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'pipe':
      return sample(def.in!, depth, nullDepth, nulls);
    case 'optional':
    case 'nullable':
      return sample(def.innerType!, depth, nullDepth, nulls);
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const optional = defOf(field).type === 'optional';
        if (optional && (!isContainer(field) || depth >= nullDepth)) {
          value[key] = null;
          nulls.count++;
        } else {
          value[key] = sample(field, depth + 1, nullDepth, nulls);
        }
      }
      return value;
    }
    case 'array':
      return [sample(def.element!, depth, nullDepth, nulls)];
    case 'record':
      return { call: sample(def.valueType!, depth, nullDepth, nulls) };
    case 'string':
      return '2026-11-23T09:00:00Z';
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'literal':
      return def.values?.[0];
    case 'unknown':
    case 'any':
      return 'x';
    default:
      throw new Error(`the test cannot sample a zod ${def.type}`);
  }
}

/** Paths of every null, and of every key present with the value undefined, in `value`. */
function leftovers(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => leftovers(item, `${path}[${i}]`));
  if (typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
    item === undefined ? [`${path}.${key} (undefined)`] : leftovers(item, `${path}.${key}`),
  );
}

const models: Array<[string, ResponseModel<unknown>]> = Object.entries(GENESYS_ROUTE_MODELS).flatMap(
  ([route, byMethod]) =>
    Object.entries(byMethod as Record<string, ResponseModel<unknown> | null>).flatMap(([method, model]) =>
      model === null
        ? []
        : [[`${route} ${method}: ${model.name}`, model] as [string, ResponseModel<unknown>]],
    ),
);

describe('every response model of the route table accepts null for an optional field and leaves it out', () => {
  it('covers every route that answers a body', () => {
    expect(models.length).toBeGreaterThanOrEqual(15);
  });

  it.each(models)('%s', (_name, model) => {
    let fed = 0;
    for (let nullDepth = 0; nullDepth <= 6; nullDepth++) {
      const nulls = { count: 0 };
      const input = sample(model.schema, 0, nullDepth, nulls);
      fed += nulls.count;
      const parsed = model.schema.safeParse(input);
      if (!parsed.success) throw new Error(`null depth ${nullDepth}: ${parsed.error.message}`);
      expect(leftovers(parsed.data), `null depth ${nullDepth}`).toEqual([]);
    }
    expect(fed).toBeGreaterThan(0);
  });

  it('the answer of the reported incident parses, its null result left out', () => {
    const answer = { status: 'Processing', operationId: 'op-1', result: null };
    const parsed = GENESYS_ROUTE_MODELS.scheduleUpdate.POST.schema.parse(answer);
    expect(parsed).toEqual({ status: 'Processing', operationId: 'op-1' });
    expect('result' in parsed).toBe(false);
  });

  it('a required field is still required, null or not', () => {
    const schema = GENESYS_ROUTE_MODELS.scheduleUpdate.POST.schema;
    expect(schema.safeParse({ status: null, operationId: 'op-1' }).success).toBe(false);
  });
});
