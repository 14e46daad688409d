import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartFileName, synthProjectCharts } from '../../charts';
import { synthProject } from './project';

describe('chart YAML', () => {
  const { yaml } = synthProject();

  it.each(Object.keys(yaml))('%s matches the reviewed snapshot', (chart) => {
    expect(yaml[chart]).toMatchSnapshot();
  });
});

describe('dist/, as `npm run synth:charts` writes it', () => {
  const CHART_FILES = ['baseline.k8s.yaml', 'guide.k8s.yaml', 'platform.k8s.yaml', 'shop.k8s.yaml'];
  const outdirs: string[] = [];
  const newOutdir = () => {
    const outdir = mkdtempSync(join(tmpdir(), 'charts-'));
    outdirs.push(outdir);
    return outdir;
  };
  const read = (outdir: string, file: string) => readFileSync(join(outdir, file), 'utf8');
  afterAll(() => outdirs.forEach((outdir) => rmSync(outdir, { recursive: true })));

  it('gets one stable file per chart, byte-identical across runs and equal to the snapshotted YAML', () => {
    const [first, second] = [newOutdir(), newOutdir()];
    const charts = synthProjectCharts(first);
    expect(charts.map(chartFileName)).toEqual([
      'platform.k8s.yaml',
      'guide.k8s.yaml',
      'baseline.k8s.yaml',
      'shop.k8s.yaml',
    ]);
    synthProjectCharts(second);
    expect(readdirSync(first).sort()).toEqual(CHART_FILES);
    expect(readdirSync(second).sort()).toEqual(CHART_FILES);
    const { yaml } = synthProject();
    for (const file of CHART_FILES) {
      expect(read(second, file)).toBe(read(first, file));
      expect(read(first, file)).toBe(yaml[file.replace('.k8s.yaml', '')]);
    }
  });

  it('removes the chart files of an earlier run, so a dropped chart leaves no stale YAML', () => {
    const outdir = newOutdir();
    writeFileSync(join(outdir, 'dropped-chart.k8s.yaml'), 'kind: Stale\n');
    writeFileSync(join(outdir, 'notes.txt'), 'not a chart\n');
    synthProjectCharts(outdir);
    expect(readdirSync(outdir).sort()).toEqual([...CHART_FILES, 'notes.txt'].sort());
    expect(read(outdir, 'notes.txt')).toBe('not a chart\n');
  });

  it('ignores the environment: no construct metadata even when cdk8s is asked for it', () => {
    const outdir = newOutdir();
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      synthProjectCharts(outdir);
    } finally {
      delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    }
    expect(readdirSync(outdir).sort()).toEqual(CHART_FILES);
  });

  it('uses the readable names given, never generated hashes', () => {
    const names =
      Object.values(synthProject().yaml)
        .join('\n')
        .match(/^ {2}name: .*$/gm) ?? [];
    expect(names.filter((line) => /-[0-9a-f]{8}\b/.test(line))).toEqual([]);
  });
});
