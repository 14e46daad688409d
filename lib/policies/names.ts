/**
 * Kubernetes naming rules (k8s.io/apimachinery/pkg/util/validation), as predicates that return the reason a value
 * is invalid, or undefined when it is valid. Returning the reason lets callers build one complete error message.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** RFC 1123 label: namespace names. */
export function dnsLabelProblem(value: string): string | undefined {
  if (value.length > 63) return `must be at most 63 characters (has ${value.length})`;
  if (!DNS_LABEL.test(value)) {
    return "must be a lowercase RFC 1123 label: 'a-z', '0-9' and '-', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** RFC 1123 subdomain: object names such as a NetworkPolicy's, and label key prefixes. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return `must be at most 253 characters (has ${value.length})`;
  if (!DNS_SUBDOMAIN.test(value)) {
    return "must be a lowercase RFC 1123 subdomain: 'a-z', '0-9', '-' and '.', each part starting and ending with an alphanumeric";
  }
  return undefined;
}

/** A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const prefixProblem = dnsSubdomainProblem(prefix);
    if (prefixProblem) return `its prefix '${prefix}' ${prefixProblem}`;
  }
  if (name.length === 0) return 'its name part is empty';
  if (name.length > 63) return `its name part must be at most 63 characters (has ${name.length})`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return "its name part must use 'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** A label value: empty, or at most 63 characters of the qualified-name alphabet. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63) return `must be at most 63 characters (has ${value.length})`;
  if (!QUALIFIED_NAME_PART.test(value)) {
    return "must use 'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** IANA_SVC_NAME (RFC 6335): the rule for named container ports, which NetworkPolicies reference by name. */
export function ianaServiceNameProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 15) return `must be 1 to 15 characters (has ${value.length})`;
  if (!/^[a-z0-9-]+$/.test(value)) return "must use only lowercase 'a-z', '0-9' and '-'";
  if (!/[a-z]/.test(value)) return 'must contain at least one letter';
  if (value.startsWith('-') || value.endsWith('-')) return "must not start or end with '-'";
  if (value.includes('--')) return "must not contain '--'";
  return undefined;
}
