/**
 * Kubernetes naming rules (k8s.io/apimachinery/pkg/util/validation), as predicates that return the reason a value
 * is invalid, or undefined when it is valid. Returning the reason lets callers build one complete error message.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const QUALIFIED_NAME_ALPHABET =
  "'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric";

/** The label the API server puts on every namespace (since Kubernetes 1.22), with the namespace's name as value. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** IsDNS1123Label: namespace names. */
export function dnsLabelProblem(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters (has ${value.length})`;
  if (!DNS_LABEL.test(value)) {
    return "must be a lowercase RFC 1123 label: 'a-z', '0-9' and '-', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** IsDNS1123Subdomain: object names such as a NetworkPolicy's, and label key prefixes. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return `must be at most 253 characters (has ${value.length})`;
  if (!DNS_SUBDOMAIN.test(value)) {
    return "must be a lowercase RFC 1123 subdomain: 'a-z', '0-9', '-' and '.', each part starting and ending with an alphanumeric";
  }
  return undefined;
}

/** IsQualifiedName: a label key, an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "must have at most one '/', between the prefix and the name";
  const [prefix, name] = parts.length === 2 ? parts : [undefined, key];
  if (prefix === '') return "its prefix before '/' is empty";
  const prefixProblem = prefix === undefined ? undefined : dnsSubdomainProblem(prefix);
  if (prefixProblem) return `its prefix '${prefix}' ${prefixProblem}`;
  if (name.length === 0) return 'its name part is empty';
  if (name.length > 63) return `its name part must be at most 63 characters (has ${name.length})`;
  if (!QUALIFIED_NAME_PART.test(name)) return `its name part must use ${QUALIFIED_NAME_ALPHABET}`;
  return undefined;
}

/** IsValidLabelValue: empty, or at most 63 characters of the qualified-name alphabet. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return undefined;
  if (value.length > 63) return `must be at most 63 characters (has ${value.length})`;
  if (!QUALIFIED_NAME_PART.test(value)) return `must use ${QUALIFIED_NAME_ALPHABET}`;
  return undefined;
}
