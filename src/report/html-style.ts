/** The report's inline stylesheet: screen and print (A4/Letter, black and white safe, no page breaks in a table). */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; margin: 0; background: #f4f5f7; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d8dbe0; padding-bottom: 4px; }
.subtitle { color: #555; margin: 0 0 16px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; font-weight: 700; border: 2px solid; }
.verdict-pass { color: #1e6b2d; border-color: #1e6b2d; background: #e6f4e8; }
.verdict-fail { color: #9b1c1c; border-color: #9b1c1c; background: #fbe9e9; }
.verdict-no-rto, .verdict-no-data { color: #444; border-color: #777; background: #eee; }
.banner { padding: 10px 14px; border-radius: 4px; margin: 12px 0; border: 2px solid; }
.banner-bad { color: #9b1c1c; border-color: #9b1c1c; background: #fbe9e9; }
.banner-good { color: #1e6b2d; border-color: #9cc9a4; background: #f1f8f2; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e5e8; vertical-align: top; }
th { background: #f0f2f5; font-weight: 600; }
td.num, th.num { text-align: right; }
tr.over td, tr.never td { background: #fbe9e9; }
.state-over, .state-FAIL { color: #9b1c1c; font-weight: 700; }
.state-ok { color: #1e6b2d; }
ul.reasons { margin: 6px 0; }
.muted { color: #666; }
svg.timeline { display: block; margin: 8px 0 4px; border: 1px solid #e3e5e8; background: #fff; }
.legend span { display: inline-block; margin-right: 14px; }
.legend i { display: inline-block; width: 12px; height: 10px; margin-right: 4px; border: 1px solid #333; vertical-align: middle; }
footer { margin-top: 32px; color: #666; font-size: 12px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 12px; }
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  table, svg.timeline, .banner, dl.facts { break-inside: avoid; }
  tr { break-inside: avoid; }
}
`;
