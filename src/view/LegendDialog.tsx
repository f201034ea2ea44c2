// The legend (G): every shape and colour the stage, the messages and the logs draw, with
// what it means.

import type { ReactNode } from 'react';
import { openDialog } from '../store/ui.ts';
import { MessageGlyph, messageClass, ShapePath } from './Glyphs.tsx';
import { Modal } from './Modal.tsx';
import { MESSAGE_LEGEND, roleStyle, STATUS_BADGE } from './visuals.ts';

/** Servers that are not voters (membership.ts, thesis ch. 4), as the stage badges them. */
const MEMBERSHIP_LEGEND: { status: 'learner' | 'removed'; name: string; meaning: string }[] = [
  { status: 'learner', name: 'Learner (L)', meaning: 'paler, with an L: being caught up; receives the log but does not vote or count toward a majority' },
  { status: 'removed', name: 'Removed (−)', meaning: 'faded, with a −: no longer in the configuration (Add back in its menu)' },
];

export function LegendDialog() {
  const roles: { role: 'follower' | 'precandidate' | 'candidate' | 'leader'; alive: boolean; meaning: string }[] = [
    { role: 'follower', alive: true, meaning: 'circle: answers leaders and candidates' },
    { role: 'precandidate', alive: true, meaning: 'dashed diamond: asks for pre-votes (PreVote on)' },
    { role: 'candidate', alive: true, meaning: 'diamond: asks for votes in a new term' },
    { role: 'leader', alive: true, meaning: 'hexagon: replicates its log, sends heartbeats' },
    { role: 'follower', alive: false, meaning: 'grey with ✕: crashed (its disk survives)' },
  ];
  return (
    <Modal title="Legend" labelId="legend-title" onClose={() => openDialog(null)}>
      <h3 style={{ marginTop: 0 }}>Servers</h3>
      <div className="legend-grid">
        {roles.map((r) => {
          const st = roleStyle(r.role, r.alive);
          return (
            <LegendRow
              key={st.label}
              glyph={
                <g className={`node ${st.cls}`}>
                  <ShapePath shape={st.shape} size={13} className="body" dashed={st.dashed} />
                  <text className="term" style={{ fontSize: 11 }}>
                    3
                  </text>
                  {!r.alive && (
                    <g className="crash-mark">
                      <line x1={-8} y1={-8} x2={8} y2={8} />
                      <line x1={8} y1={-8} x2={-8} y2={8} />
                    </g>
                  )}
                </g>
              }
              name={st.label}
              meaning={r.meaning}
            />
          );
        })}
        <LegendRow
          glyph={
            <g>
              <circle className="timer-track" r={14} />
              <path className="timer-arc" d="M0,-16A16,16,0,0,1,16,0L12,0A12,12,0,0,0,0,-12Z" />
            </g>
          }
          name="Election timer"
          meaning="the arc drains until the timeout fires (full circle = the longest timeout); a thin blue arc on a leader counts down to its next heartbeat"
        />
        <LegendRow glyph={<text style={{ fontSize: 12, fontWeight: 700 }}>3</text>} name="Number inside" meaning="the server's current term" />
        {MEMBERSHIP_LEGEND.map((l) => (
          <LegendRow
            key={l.status}
            glyph={
              <g className={`node r-follower member-${l.status}`}>
                <circle className="body" r={13} />
                <g className={`member-badge ${l.status}`} transform="translate(-10,-10)">
                  <circle r={7} />
                  <text y={3} style={{ fontSize: 9 }}>
                    {STATUS_BADGE[l.status]}
                  </text>
                </g>
              </g>
            }
            name={l.name}
            meaning={l.meaning}
          />
        ))}
        <LegendRow
          glyph={
            <g className="node planned">
              <circle className="body" r={13} />
            </g>
          }
          name="Not yet added"
          meaning="dashed outline: a server the scenario adds later, where it will stand"
        />
      </div>
      <h3>Messages</h3>
      <div className="legend-grid">
        {MESSAGE_LEGEND.map((l) => (
          <LegendRow
            key={l.name}
            glyph={
              <g className={messageClass(l.example)}>
                <MessageGlyph m={l.example} scale={1.25} />
              </g>
            }
            name={l.name}
            meaning={l.meaning}
          />
        ))}
        <LegendRow
          glyph={
            <g className="msg m-append doomed">
              <rect className="shape" x={-8} y={-8} width={16} height={16} />
              <text className="drop-burst-text" y={-12} textAnchor="middle">
                ✗
              </text>
            </g>
          }
          name="Will not arrive"
          meaning="dashed with ✗: heading into a partition, a cut link or a crashed server; a red ✗ marks where a message was dropped"
        />
      </div>
      <h3>Network and logs</h3>
      <div className="legend-grid">
        <LegendRow glyph={<line className="link-line cut" x1={-18} x2={18} y1={0} y2={0} />} name="Cut link" meaning="red dashed with ✂ (an arrow: cut in one direction only)" />
        <LegendRow glyph={<circle r={14} fill="var(--group-1)" />} name="Partition group" meaning="servers in one shaded area reach each other only" />
        <LegendRow
          glyph={
            <foreignObject x={-14} y={-11} width={28} height={22}>
              <div className="lg-cell term-3" style={{ position: 'static', width: 24, height: 20 }}>
                3
              </div>
            </foreignObject>
          }
          name="Committed entry"
          meaning="solid, coloured by term (the term is printed)"
        />
        <LegendRow
          glyph={
            <foreignObject x={-14} y={-11} width={28} height={22}>
              <div className="lg-cell term-3 uncommitted" style={{ position: 'static', width: 24, height: 20 }}>
                3
              </div>
            </foreignObject>
          }
          name="Uncommitted entry"
          meaning="hatched with a dashed border"
        />
        <LegendRow glyph={<text style={{ fill: 'var(--ok)', fontSize: 14 }}>│ ▲</text>} name="commitIndex, lastApplied" meaning="green bar after the last committed entry; ▲ under the last applied one" />
        <LegendRow glyph={<text style={{ fill: 'var(--accent)', fontSize: 12, fontWeight: 700 }}>▸n m</text>} name="nextIndex, matchIndex" meaning="the leader's view of each follower, on the follower's row" />
      </div>
    </Modal>
  );
}

function LegendRow({ glyph, name, meaning }: { glyph: ReactNode; name: string; meaning: string }) {
  return (
    <>
      <svg width={40} height={34} viewBox="-20 -17 40 34" aria-hidden="true" className="cluster">
        {glyph}
      </svg>
      <strong>{name}</strong>
      <span>{meaning}</span>
    </>
  );
}
