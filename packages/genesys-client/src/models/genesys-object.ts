import { z } from 'zod';

/**
 * A Genesys response object: like `z.looseObject(shape)`, but every optional field also accepts `null` and the
 * parsed value leaves such a field out. Genesys sends `"result": null` where the SDK model says "optional" (seen on
 * a schedule update answer); code reading the models tests `!== undefined`, so a `null` must never get through.
 * Unknown fields pass through untouched (a Campaign is written back whole).
 */
export function genesysObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const declared = z.looseObject(shape);
  type Parsed = z.output<typeof declared>;
  const optionalKeys: string[] = [];
  const accepting: Record<string, z.core.$ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (field instanceof z.ZodOptional) {
      optionalKeys.push(key);
      accepting[key] = z.nullable(field.unwrap()).optional();
    } else {
      accepting[key] = field;
    }
  }
  return z.looseObject(accepting).transform((value): Parsed => {
    const normalized: Record<string, unknown> = { ...value };
    for (const key of optionalKeys) {
      if (normalized[key] === null || normalized[key] === undefined) delete normalized[key];
    }
    // Same keys and values as `declared` would give, with null optionals removed.
    return normalized as Parsed;
  });
}
