import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import schema from './schemas/sarif-schema-2.1.0.json';

/**
 * The SARIF 2.1.0 schema as OASIS publishes it (draft-04), vendored so the check runs offline: copied from
 * github.com/oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json at commit
 * e0583813964ec43cea53b6b531b402866095ed1f. Its "format"s (uri, date-time, ...) are checked by ajv-formats.
 */
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's complaints about `log`, one line each; empty when it is a valid SARIF 2.1.0 log. */
export function sarifProblems(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
