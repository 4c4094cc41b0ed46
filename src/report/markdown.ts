import type { Result } from '../sim/result.js';
import { bytesPerSecond, pct, sig } from './number-format.js';
import { modelSection } from './model-section.js';
import { markdownRow, markdownText as cell } from './markdown-text.js';

/** A Markdown summary of results: one table per model, designs side by side, then the design × model points `skipped` (and why). */
export function resultsToMarkdown(results: readonly Result[], title = 'ternsim comparison', skipped: readonly string[] = []): string {
  const lines: string[] = [`# ${cell(title)}`, ''];
  // A GPU row runs the MatMul baseline twin (llama-X) of a MatMul-free model (mmfree-X): show it
  // in that model's table.
  const sectionOf = modelSection(results);
  const models = [...new Set(results.map(sectionOf))];
  for (const model of models) {
    const rows = results.filter((r) => sectionOf(r) === model);
    lines.push(`## ${cell(model)} — decode, batch ${cell(rows[0]!.workload.batch)}`, '');
    lines.push('| design | target | tokens/s | ms/token | W | J/token | tokens/s/W | bound by | memory achieved | TAU busy |');
    lines.push('|---|---|--:|--:|--:|--:|--:|---|--:|--:|');
    for (const r of rows) {
      lines.push(
        markdownRow([
          r.workload.model === model ? r.design.name : `${r.design.name} (${r.workload.model}, bf16 MatMul baseline)`,
          r.design.target,
          sig(r.tokensPerSecond),
          sig(r.msPerToken),
          sig(r.watts, 3),
          sig(r.joulesPerToken, 3),
          sig(r.tokensPerSecondPerWatt, 3),
          r.boundBy,
          bytesPerSecond(r.memory.achievedBytesPerSecond),
          pct(r.units['tau']?.busyFraction ?? 0),
        ]),
      );
    }
    lines.push('');
    const gpuRows = rows.filter((r) => r.design.target === 'gpu');
    const others = rows.filter((r) => r.design.target !== 'gpu');
    if (gpuRows.length > 0 && others.length > 0) {
      lines.push(`Against the GPU baseline (tokens/s ×, tokens/s/W ×):`, '');
      lines.push(markdownRow(['design', ...gpuRows.map((g) => g.design.name)]));
      lines.push(`|---|${gpuRows.map(() => '--:').join('|')}|`);
      for (const r of others) {
        lines.push(markdownRow([r.design.name, ...gpuRows.map((g) => `${sig(r.tokensPerSecond / g.tokensPerSecond, 3)}× · ${sig(r.tokensPerSecondPerWatt / g.tokensPerSecondPerWatt, 3)}×`)]));
      }
      lines.push('');
    }
  }
  if (skipped.length > 0) {
    lines.push('## Not simulated', '');
    for (const s of skipped) lines.push(`- ${cell(s)}`);
    lines.push('');
  }
  const r0 = results[0];
  if (r0) lines.push(`ternsim ${cell(r0.ternsimVersion)}, ${cell(r0.mode)} mode. Result fields: docs/result.md.`, '');
  return lines.join('\n');
}
