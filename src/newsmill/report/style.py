"""The report's stylesheet, inlined into the page so that the file stands alone."""

CSS = """
:root { --ink: #1d2430; --muted: #5d6675; --line: #d9dee6; --panel: #f6f8fb;
  --accent: #2f6fdb; --hit: #d9480f; --del: #ffe0e0; --ins: #dcf5dc; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 4px; }
p.lead, .muted { color: var(--muted); }
nav { margin: 12px 0 0; font-size: 14px; }
nav a { margin-right: 14px; color: var(--accent); text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 16px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card b { display: block; font-size: 26px; line-height: 1.2; }
.card span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.para { max-width: 560px; overflow-wrap: anywhere; }
td.nowrap, td.nowrap code { white-space: nowrap; overflow-wrap: normal; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.cut { background: #fff8e1; border: 1px solid #f0d68a; border-radius: 6px; padding: 6px 10px; font-size: 14px; }
svg.chart { width: 100%; max-width: 860px; height: auto; display: block; margin: 8px 0; }
svg .bar { fill: #9db6e3; } svg .bar-hit { fill: var(--hit); }
svg .bar-in { fill: #c5cedb; } svg .bar-out { fill: var(--accent); }
svg .axis { stroke: var(--muted); } svg .tick, svg .label { fill: var(--muted); font-size: 12px; }
svg .label { font-size: 13px; fill: var(--ink); }
svg .threshold { stroke: var(--ink); stroke-width: 2; stroke-dasharray: 5 4; }
svg .threshold-label { fill: var(--ink); font-size: 12px; font-weight: 600; }
.legend { font-size: 13px; color: var(--muted); }
.swatch {
  display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin: 0 4px 0 12px; vertical-align: -1px;
}
.cluster { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 14px 0; }
.cluster > header { margin-bottom: 8px; }
.member { margin: 10px 0 0; }
.member > summary { cursor: pointer; font-size: 14px; }
.diff { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin-top: 8px; }
.diff > div { background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: 8px 10px; font-size: 13.5px; overflow-wrap: anywhere; }
.member .text { white-space: pre-wrap; background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: 8px 10px; font-size: 13.5px; margin-top: 6px; }
.diff h4 { margin: 0 0 6px; font-size: 12px; font-weight: 600; color: var(--muted); }
del { background: var(--del); text-decoration: line-through; text-decoration-color: #b33; }
ins { background: var(--ins); text-decoration: none; }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 9px; background: var(--panel);
  border: 1px solid var(--line); color: var(--muted); }
footer { margin-top: 48px; font-size: 13px; color: var(--muted); }
"""
