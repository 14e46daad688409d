import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_KUBERNETES_VERSION,
  deployableVersions,
  EKS_LIFECYCLE,
  MINIMUM_CALICO_MINOR,
  newestStandardVersion,
  NOT_DEPLOYABLE,
  supportPhase,
  VERSION_CATALOGUE,
} from '../../lib/cluster';

const TODAY = new Date('2026-11-30T12:00:00Z');

describe('version catalogue', () => {
  test('the default is the newest version in standard support, with a kubectl layer and a Calico tested with it', () => {
    expect(newestStandardVersion(TODAY)).toBe(DEFAULT_KUBERNETES_VERSION);
    expect(DEFAULT_KUBERNETES_VERSION).toBe('1.36');
    expect(supportPhase('1.36', TODAY)).toEqual({ phase: 'standard', until: '2027-08-02' });
  });

  test('on 2026-11-30 the stack deploys 1.36, 1.35 and 1.34 (standard support ends 2026-12-02)', () => {
    expect(deployableVersions(TODAY)).toEqual(['1.36', '1.35', '1.34']);
    expect(supportPhase('1.34', TODAY)).toEqual({ phase: 'standard', until: '2026-12-02' });
    expect(supportPhase('1.34', new Date('2026-12-03T00:00:00Z'))).toEqual({
      phase: 'extended',
      until: '2027-12-02',
    });
    expect(supportPhase('1.31', TODAY)).toEqual({ phase: 'ended', since: '2026-11-26' });
  });

  test.each(Object.entries(VERSION_CATALOGUE))(
    '%s brings a matching layer, add-on pins and a tested Calico',
    (version, support) => {
      expect(support.version.version).toBe(version);
      expect(support.kubectlLayerPackage).toBe(`@aws-cdk/lambda-layer-kubectl-v${version.split('.')[1]}`);
      // The layer package is installed (a dependency in package.json), so the version can be synthesized.
      expect(() => require.resolve(support.kubectlLayerPackage)).not.toThrow();
      expect(support.addons.kubeProxy.startsWith(`v${version}.`)).toBe(true);
      expect(support.calico.testedKubernetesVersions).toContain(version);
      expect(Number(support.calico.version.split('.')[1])).toBeGreaterThanOrEqual(MINIMUM_CALICO_MINOR);
      expect(EKS_LIFECYCLE[version]).toBeDefined();
    },
  );

  test('each version newer than the previous one picks the newest Calico tested with it', () => {
    expect(VERSION_CATALOGUE['1.34'].calico.version).toBe('v3.32.1');
    expect(VERSION_CATALOGUE['1.35'].calico.version).toBe('v3.33.1');
    expect(VERSION_CATALOGUE['1.36'].calico.version).toBe('v3.33.1');
  });

  test('versions the stack refuses are not in the catalogue, and have EKS dates', () => {
    for (const version of Object.keys(NOT_DEPLOYABLE)) {
      expect(VERSION_CATALOGUE[version]).toBeUndefined();
      expect(EKS_LIFECYCLE[version]).toBeDefined();
    }
  });

  test('the lifecycle table is consistent: 14 months of standard support, then 12 of extended', () => {
    for (const [version, { release, endOfStandardSupport, endOfExtendedSupport }] of Object.entries(
      EKS_LIFECYCLE,
    )) {
      const months = (from: string, to: string) =>
        (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
        Number(to.slice(5, 7)) -
        Number(from.slice(5, 7));
      expect([version, months(release, endOfStandardSupport)]).toEqual([version, 14]);
      expect([version, months(endOfStandardSupport, endOfExtendedSupport)]).toEqual([version, 12]);
    }
  });

  test.each(Object.entries(VERSION_CATALOGUE))(
    "%s: the Helm major version recorded is the one the layer's README states",
    (_version, support) => {
      const readme = fs.readFileSync(
        path.join(path.dirname(require.resolve(`${support.kubectlLayerPackage}/package.json`)), 'README.md'),
        'utf8',
      );
      expect(readme).toMatch(new RegExp(`Helm Version: ${support.helmMajorVersion}\\.\\d+\\.\\d+`));
    },
  );
});

describe('the README tells the catalogue as it is', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

  test.each(Object.entries(EKS_LIFECYCLE))(
    'its lifecycle table has %s with the EKS dates',
    (version, dates) => {
      const row = readme.split('\n').find((line) => line.startsWith(`| ${version} `));
      expect(row).toBeDefined();
      const cells = row!.split('|').map((cell) => cell.trim());
      expect(cells.slice(1, 5)).toEqual([
        version,
        dates.release,
        dates.endOfStandardSupport,
        dates.endOfExtendedSupport,
      ]);
      const support = Object.hasOwn(VERSION_CATALOGUE, version) ? VERSION_CATALOGUE[version] : undefined;
      if (support) {
        expect(cells[5]).toContain(`layer v${version.split('.')[1]}`);
        expect(cells[5]).toContain(`Calico ${support.calico.version}`);
        expect(cells[5].startsWith('default')).toBe(version === DEFAULT_KUBERNETES_VERSION);
      } else {
        expect(cells[5]).toMatch(/^refused/);
      }
    },
  );

  test.each(Object.entries(VERSION_CATALOGUE))("it names %s's add-on pins", (_version, support) => {
    for (const pin of Object.values(support.addons)) expect(readme).toContain(`\`${pin}\``);
  });
});
