import { App, YamlOutputType } from 'cdk8s';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProjectCharts } from '../../charts';
import { synthProject } from './project';

describe('chart YAML', () => {
  const { yaml } = synthProject();

  it.each(Object.keys(yaml))('%s matches the reviewed snapshot', (chart) => {
    expect(yaml[chart]).toMatchSnapshot();
  });
});

describe('dist/', () => {
  function synthToDir(): string {
    const outdir = mkdtempSync(join(tmpdir(), 'charts-'));
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    createProjectCharts(app);
    app.synth();
    return outdir;
  }

  it('gets one stable file per chart, byte-identical across runs', () => {
    const [first, second] = [synthToDir(), synthToDir()];
    try {
      const files = readdirSync(first).sort();
      expect(files).toEqual(['baseline.k8s.yaml', 'guide.k8s.yaml', 'shop.k8s.yaml']);
      expect(readdirSync(second).sort()).toEqual(files);
      for (const file of files) {
        expect(readFileSync(join(second, file), 'utf8')).toBe(readFileSync(join(first, file), 'utf8'));
      }
    } finally {
      rmSync(first, { recursive: true });
      rmSync(second, { recursive: true });
    }
  });

  it('uses the readable names given, never generated hashes', () => {
    const names =
      Object.values(synthProject().yaml)
        .join('\n')
        .match(/^ {2}name: .*$/gm) ?? [];
    expect(names.filter((line) => /-[0-9a-f]{8}\b/.test(line))).toEqual([]);
  });
});
