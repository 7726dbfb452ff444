/** `jixiao schema`: the JSON Schema of the package format (the same one the validator uses). */
import { packageJsonSchema } from '@jixiao/core';

export async function runSchema(): Promise<number> {
  console.log(JSON.stringify(packageJsonSchema(), null, 2));
  return 0;
}
