import {
  MAX_PORT,
  MIN_PORT,
  PROTOCOLS,
  formatProbe,
  type ClusterModel,
  type Connection,
  type Probe,
  type Protocol,
} from '../../lib/analysis';

/**
 * The ports at which some answer may change, per protocol. Whether a probe is allowed depends on its port only
 * through "port in [port, endPort]" of a rule and "port = containerPort" of a named port, so per-probe answers are
 * constant between consecutive points where such an interval starts or ends (p and p + 1 of each end). The
 * aggregated sets are constant between their own range ends. So the two agree on EVERY port of 1-65535 when they
 * agree at the start of every piece of the union of both partitions: these points (and each one's neighbours, for
 * good measure).
 */
export function breakpoints(
  model: ClusterModel,
  connections: readonly Connection[],
): Map<Protocol, number[]> {
  const points = new Map<Protocol, Set<number>>(PROTOCOLS.map((p) => [p, new Set([MIN_PORT, MAX_PORT])]));
  const add = (protocol: Protocol, first: number, last: number) => {
    for (const port of [first - 1, first, first + 1, last - 1, last, last + 1]) {
      if (port >= MIN_PORT && port <= MAX_PORT) points.get(protocol)!.add(port);
    }
  };
  for (const policy of model.resolution.policies) {
    for (const rule of [...policy.spec.rules.ingress, ...policy.spec.rules.egress]) {
      for (const port of rule.ports ?? []) {
        if (typeof port.port === 'number') add(port.protocol, port.port, port.endPort ?? port.port);
      }
    }
  }
  for (const endpoint of model.resolution.endpoints) {
    for (const { protocol, port } of endpoint.ports) add(protocol, port, port);
  }
  for (const { allowed } of connections) {
    for (const protocol of allowed.protocols()) {
      for (const [first, last] of allowed.rangesOf(protocol)) add(protocol, first, last);
    }
  }
  return new Map([...points].map(([protocol, ports]) => [protocol, [...ports].sort((a, b) => a - b)]));
}

/**
 * Checks the connectivity list against per-probe `reach` at every breakpoint (see `breakpoints`): the pairs that
 * reach allows for the probe are exactly the connections whose set holds the probe. Returns the probes checked.
 */
export function expectConnectionsMatchProbes(model: ClusterModel): Probe[] {
  const connections = model.connections();
  const checked: Probe[] = [];
  for (const [protocol, ports] of breakpoints(model, connections)) {
    for (const port of ports) {
      const probe: Probe = { protocol, port };
      const expected = model.reach(probe).map(([from, to]) => `${from} -> ${to}`);
      const aggregated = connections
        .filter((connection) => connection.allowed.has(probe))
        .map(({ from, to }) => `${from} -> ${to}`);
      expect({ probe: formatProbe(probe), pairs: aggregated }).toEqual({
        probe: formatProbe(probe),
        pairs: expected,
      });
      checked.push(probe);
    }
  }
  return checked;
}
