/** Page layout, typography, badges and tables. */
export const baseStyles = `
:root{--bg:#f6f7f9;--card:#fff;--fg:#1f2328;--muted:#656d76;--line:#d8dee4;--soft:#eef1f4;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--skip:#6e7781;--skip-bg:#eaeef2;--warn:#9a6700;--warn-bg:#fff8c5;
--accent:#0969da;--kafka:#8250df;--kafka-bg:#fbefff;--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--soft:#21262d;
--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#2d1214;--skip:#8d96a0;--skip-bg:#21262d;--warn:#d29922;--warn-bg:#2e2610;
--accent:#4493f8;--kafka:#ab7df8;--kafka-bg:#251a3d}}
*{box-sizing:border-box}
html{scroll-padding-top:24px}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1280px;margin:0 auto;padding:24px 24px 64px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code,.mono,pre{font-family:var(--mono);font-size:12.5px}
pre{margin:0;white-space:pre-wrap;word-break:break-word}
h1{font-size:22px;margin:0}h2{font-size:17px;margin:28px 0 10px}h3{font-size:15px;margin:18px 0 8px}h4{font-size:13px;margin:16px 0 8px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px}
header.run{display:flex;gap:20px;align-items:center;padding:18px 20px;margin-bottom:18px;border-left:6px solid var(--skip)}
header.run.run--passed{border-left-color:var(--pass)}header.run.run--failed{border-left-color:var(--fail)}
.verdict{font-size:13px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;padding:6px 12px;border-radius:6px}
.run--passed .verdict{background:var(--pass-bg);color:var(--pass)}.run--failed .verdict{background:var(--fail-bg);color:var(--fail)}
.run-meta{display:flex;flex-wrap:wrap;gap:4px 18px;color:var(--muted);margin-top:4px;font-size:13px}
.counts{margin-left:auto;display:flex;gap:8px;flex-wrap:wrap}
.count{text-align:center;min-width:64px;padding:6px 10px;border-radius:6px;background:var(--soft)}
.count b{display:block;font-size:18px}.count--failed b{color:var(--fail)}.count--passed b{color:var(--pass)}
.badge{display:inline-block;font-size:11px;font-weight:600;line-height:18px;padding:0 7px;border-radius:9px;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap;vertical-align:1px}
.badge--passed,.badge--ok{background:var(--pass-bg);color:var(--pass)}
.badge--failed,.badge--broken{background:var(--fail-bg);color:var(--fail)}
.badge--skipped,.badge--not-checked{background:var(--skip-bg);color:var(--skip)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{font-size:12px;color:var(--muted);font-weight:600;background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.gates{background:var(--card)}table.gates td:first-child a{font-weight:600}
.gate-row--failed{background:var(--fail-bg)}.fail-count{color:var(--fail)}
td.note{color:var(--muted)}
table.kv{width:auto;margin:6px 0;font-size:12.5px}table.kv th{font-family:var(--mono);font-weight:500;color:var(--muted);background:none;padding:3px 12px 3px 0;border:0}
table.kv td{font-family:var(--mono);padding:3px 0;border:0;word-break:break-all}
details>summary{cursor:pointer;list-style:none}details>summary::-webkit-details-marker{display:none}
details>summary::before{content:"▸";display:inline-block;width:14px;color:var(--muted);transition:transform .12s}
details[open]>summary::before{transform:rotate(90deg)}
.overview{padding:14px 20px;margin:18px 0;border-left:6px solid var(--fail)}
.overview h2{margin:0 0 8px;color:var(--fail)}
.overview-gate{margin:6px 0}.overview-gate-name{font-weight:600}
.overview ul{margin:4px 0 8px;padding-left:20px}.finding{margin:3px 0}.finding--chain b{color:var(--fail)}
.gate{margin:10px 0}.gate>summary{padding:12px 16px;font-size:15px}.gate-name{font-weight:600}
.gate--failed{border-color:var(--fail)}
.gate-body{padding:0 16px 16px;border-top:1px solid var(--line)}
.reason{color:var(--warn);background:var(--warn-bg);padding:8px 12px;border-radius:6px}
.check{border:1px solid var(--line);border-radius:6px;margin:8px 0;background:var(--card)}
.check>summary{padding:8px 12px}.check--failed{border-color:var(--fail)}.check-name{font-weight:600}
.check-body{padding:0 12px 12px}.check-message{margin:6px 0 10px}.issues{margin:6px 0;padding-left:20px}.issue{margin:0 0 10px}.issue-code{font-weight:600}.issue-path{color:var(--muted,#666)}
.passed-checks>summary{padding:6px 0;color:var(--muted)}
.evidence{border:1px solid var(--line);border-radius:6px;padding:10px 12px;margin:8px 0;background:var(--soft)}
.ev-title{font-weight:600;margin-bottom:6px}
pre.code{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px;margin:6px 0;max-height:360px;overflow:auto}
.copy-head{display:flex;justify-content:space-between;align-items:center;font-size:12px;color:var(--muted);margin-top:8px}
.copy-btn{font:inherit;font-size:12px;padding:2px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);cursor:pointer}
.http-line .method{font-family:var(--mono);font-weight:700;color:var(--accent)}
.http-status{display:inline-block;font-family:var(--mono);font-weight:700;padding:1px 8px;border-radius:6px;margin-top:6px}
.http-5xx{background:var(--fail-bg);color:var(--fail)}.http-4xx{background:var(--warn-bg);color:var(--warn)}.http-ok{background:var(--pass-bg);color:var(--pass)}
ul.mismatches,ul.errors{margin:4px 0;padding-left:20px}ul.errors li{color:var(--fail)}
.mismatches pre{font-size:12.5px}
table.diff tr.breaking td{background:var(--fail-bg)}
.raw-details>summary,.raw>summary{color:var(--muted);font-size:12px}
#tools[hidden]{display:none}
#tools{display:flex;gap:8px;justify-content:flex-end;margin:8px 0}
#tools button{font:inherit;font-size:12px;padding:3px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);cursor:pointer}
.flash{animation:flash 1.6s ease-out}@keyframes flash{from{box-shadow:0 0 0 4px var(--accent)}to{box-shadow:0 0 0 0 transparent}}
footer{margin-top:32px;color:var(--muted);font-size:12px;text-align:center}
`;
