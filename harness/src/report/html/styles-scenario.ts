/** Scenario, correlation chain, waterfall and log-line styles. */
export const scenarioStyles = `
.scenario{border:1px solid var(--line);border-radius:8px;margin:10px 0;background:var(--card)}
.scenario--failed{border-color:var(--fail)}
.scenario>summary{padding:10px 14px;font-size:14px}.scenario-name{font-weight:600}
.scenario-body{padding:0 14px 14px}
.meta{display:flex;flex-wrap:wrap;gap:4px 16px;color:var(--muted);font-size:12.5px;margin:4px 0 10px}
.callout{padding:10px 14px;border-radius:6px;margin:8px 0}
.callout--ok{background:var(--pass-bg);color:var(--pass);font-weight:600}
.callout--broken{background:var(--fail-bg);border:1px solid var(--fail)}
.callout-title{font-weight:700;color:var(--fail);font-size:15px}.callout-title a{color:inherit;text-decoration:underline}
.callout-reason{margin-top:4px}
ol.chain{list-style:none;margin:0;padding:0;position:relative}
.hop{display:flex;gap:12px;position:relative;padding:0 0 10px}
.hop:not(:last-child)::before{content:"";position:absolute;left:13px;top:28px;bottom:0;width:2px;background:var(--line)}
.hop--ok:not(:last-child)::before{background:var(--pass)}
.hop-icon{flex:none;width:28px;height:28px;border-radius:50%;display:grid;place-items:center;font-weight:700;background:var(--skip-bg);color:var(--skip);z-index:1}
.hop--ok .hop-icon{background:var(--pass-bg);color:var(--pass)}
.hop--broken .hop-icon{background:var(--fail-bg);color:var(--fail)}
.hop-body{flex:1;min-width:0;padding-top:3px}.hop-label{font-weight:600}
.hop-reason{color:var(--muted);margin-top:2px}.hop--broken .hop-reason{color:var(--fail)}
.hop--after-break{opacity:.6}
.hop--first-broken{opacity:1}
.hop--first-broken .hop-body{background:var(--fail-bg);border:2px solid var(--fail);border-radius:6px;padding:8px 12px}
.hop--first-broken .hop-icon{background:var(--fail);color:#fff;box-shadow:0 0 0 4px var(--fail-bg)}
.first-broken-tag{display:inline-block;background:var(--fail);color:#fff;font-size:11px;font-weight:700;padding:0 8px;border-radius:9px;text-transform:uppercase;letter-spacing:.03em}
.hop-evidence>summary{font-size:12px;color:var(--muted)}
.log-pre{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px;margin:4px 0;font-size:12px}
.waterfall{border:1px solid var(--line);border-radius:6px;overflow:hidden;font-size:12.5px}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;padding:8px 10px;background:var(--soft);border-bottom:1px solid var(--line)}
.legend-item{display:inline-flex;align-items:center;gap:6px}.legend-kafka{color:var(--kafka);font-weight:600}
.svc-dot{display:inline-block;width:10px;height:10px;border-radius:3px;background:var(--svc);flex:none}
.wf-head,.wf-row>summary{display:grid;grid-template-columns:minmax(280px,42%) 1fr;align-items:center}
.wf-head{background:var(--soft);border-bottom:1px solid var(--line);color:var(--muted);font-size:11px;height:24px}
.wf-head .wf-name{padding-left:10px}
.wf-axis{position:relative;height:100%;margin-right:56px}
.tick{position:absolute;top:4px;transform:translateX(-50%);white-space:nowrap}
.tick:first-child{transform:none}.tick:last-child{transform:translateX(-100%)}
.wf-row{border-bottom:1px solid var(--soft)}
.wf-row>summary{min-height:28px;align-items:stretch}.wf-row>summary::before{display:none}
.wf-row>summary:hover{background:var(--soft)}
.wf-name{display:flex;flex-direction:column;justify-content:center;gap:2px;overflow:hidden;white-space:nowrap;padding:4px 8px 4px 4px}
.wf-line{display:flex;align-items:center;gap:6px;min-width:0}.wf-head .wf-name{display:block}
.svc{color:var(--muted);font-size:11.5px}.span-name{font-weight:600;overflow:hidden;text-overflow:ellipsis}
.kind{font-size:10.5px;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 4px}
.err-mark{font-size:10.5px;font-weight:700;color:#fff;background:var(--fail);border-radius:4px;padding:0 5px}
.trace-chip{font-size:10.5px;font-family:var(--mono);color:var(--accent);border:1px solid var(--accent);border-radius:4px;padding:0 4px}
.wf-track{position:relative;display:block;height:100%;min-height:28px;margin-right:56px;background-image:linear-gradient(to right,var(--soft) 1px,transparent 1px);background-size:25% 100%}
.bar{position:absolute;top:calc(50% - 7px);height:14px;min-width:2px;border-radius:3px;background:var(--svc)}
.span-error .bar{background:repeating-linear-gradient(45deg,var(--svc),var(--svc) 4px,var(--fail) 4px,var(--fail) 8px);outline:2px solid var(--fail)}
.dur{position:absolute;top:calc(50% - 9px);margin-left:6px;font-size:11px;color:var(--muted);white-space:nowrap}
.kafka-producer .bar{box-shadow:0 0 0 2px var(--kafka)}
.kafka-consumer{background:var(--kafka-bg)}
.kafka-consumer .bar{box-shadow:0 0 0 2px var(--kafka)}
.hop-line{position:absolute;top:calc(50% - 1px);height:0;border-top:2px dashed var(--kafka)}
.hop-line::after{content:"";position:absolute;right:-2px;top:-6px;border:5px solid transparent;border-left:7px solid var(--kafka)}
.kafka-badge{align-self:flex-start;margin-left:16px;font-size:11px;color:var(--kafka);background:var(--kafka-bg);border:1px solid var(--kafka);border-radius:9px;padding:0 7px;white-space:nowrap}
.wf-row--broken>summary{box-shadow:inset 4px 0 0 var(--fail)}
.broken-mark{font-size:10.5px;font-weight:700;color:#fff;background:var(--fail);border-radius:4px;padding:0 5px}
.span-detail{padding:6px 12px 10px 32px;background:var(--soft);font-size:12px}
.span-links{margin:4px 0;padding-left:16px}
table.logs{font-size:12.5px}table.logs td.msg{min-width:260px}
tr.log--missing td{background:var(--warn-bg)}
.missing-tag{font-family:system-ui,sans-serif;font-size:11px;font-weight:700;color:var(--warn);text-transform:uppercase}
.lvl{font-size:11px;font-weight:600;text-transform:uppercase}.lvl--error,.lvl--fatal{color:var(--fail)}.lvl--warn{color:var(--warn)}
.logs-block>summary h4{display:inline}
`;
