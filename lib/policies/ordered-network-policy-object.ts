import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

type JsonObject = Record<string, unknown>;

/**
 * cdk8s sorts every object's keys alphabetically, which puts `egress` before `podSelector` and `ports` before
 * `to`. This object keeps the typed API object but writes the spec in the order people write and review it
 * (the Kubernetes documentation's order), so the guide's policies come out exactly as the guide prints them.
 */
export class OrderedKubeNetworkPolicy extends k8s.KubeNetworkPolicy {
  public override toJson(): JsonObject {
    const json: JsonObject = super.toJson();
    return json.spec === undefined ? json : { ...json, spec: orderSpec(json.spec as JsonObject) };
  }
}

const SPEC_ORDER = ['podSelector', 'policyTypes', 'ingress', 'egress'];
const INGRESS_RULE_ORDER = ['from', 'ports'];
const EGRESS_RULE_ORDER = ['to', 'ports'];
const PORT_ORDER = ['protocol', 'port', 'endPort'];

function orderSpec(spec: JsonObject): JsonObject {
  const ordered = withKeyOrder(spec, SPEC_ORDER);
  if (ordered.ingress)
    ordered.ingress = (ordered.ingress as JsonObject[]).map((rule) => orderRule(rule, INGRESS_RULE_ORDER));
  if (ordered.egress)
    ordered.egress = (ordered.egress as JsonObject[]).map((rule) => orderRule(rule, EGRESS_RULE_ORDER));
  return ordered;
}

function orderRule(rule: JsonObject, order: string[]): JsonObject {
  const ordered = withKeyOrder(rule, order);
  if (ordered.ports)
    ordered.ports = (ordered.ports as JsonObject[]).map((port) => withKeyOrder(port, PORT_ORDER));
  return ordered;
}

/** The object with `order`'s keys first, in that order, then the rest as they were. */
export function withKeyOrder(object: JsonObject, order: string[]): JsonObject {
  const known = order.filter((key) => key in object);
  const rest = Object.keys(object).filter((key) => !order.includes(key));
  return Object.fromEntries([...known, ...rest].map((key) => [key, object[key]]));
}
