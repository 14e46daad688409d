/**
 * `npm run review -- --base <git-ref>`: the connectivity change and the lint findings of the working tree's
 * charts against those at the ref, as a Markdown pull-request comment on stdout.
 */
import { reviewMain } from '../cli/review';

void reviewMain(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
