// Share and export: the link of this run at this moment (with its tour), the <iframe> snippet
// for course pages and slides, downloads (scenario .json, trace JSON, cluster view SVG/PNG,
// space-time diagram SVG) and opening a scenario file.

import { useRef, useState } from 'react';
import { embedSnippet, scenarioToJson } from '../../scenario/api.ts';
import { MAX_FILE_BYTES, fileTooLarge, scenarioFromFile } from '../../scenario/badInput.ts';
import type { Scenario } from '../../scenario/format.ts';
import { useApp } from '../../store/app.ts';
import { setBottomTab, toast } from '../../store/ui.ts';
import { session } from '../../store/session.ts';
import { currentScenarioOf, shareLink } from '../../store/share.ts';
import { openScenario, reportBadInput, setShareOpen, useTour } from '../../store/tour.ts';
import { clusterSvg, download, fileBase, spaceTimeSvg, svgToPng, traceToJson } from '../export.ts';
import { Modal } from '../Modal.tsx';
import { shareBase } from '../../offline/mode.ts';
import { OFFLINE_FEATURES } from '../../offline/data.ts';
import { openMediaExport } from '../video/mediaExportState.ts';
import { formatTourTime } from '../../store/tourTime.ts';

async function copy(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast(`${what} copied.`);
  } catch {
    toast(`Select the ${what.toLowerCase()} and copy it (Ctrl+C).`);
  }
}

type Prepared = { ok: true; url: string; snippet: string; scenario: Scenario } | { ok: false; error: string };

/** The link and embed snippet; a run with a tour opens at its start unless `atStep`. */
function prepare(atStep = false): Prepared {
  try {
    const scenario = currentScenarioOf();
    const t = Math.round(useApp.getState().displayedTime);
    const base = shareBase();
    const fromStart = !atStep && (scenario.tour?.length ?? 0) > 0;
    return { ok: true, url: shareLink(atStep), snippet: embedSnippet(base, scenario, fromStart ? undefined : t), scenario };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Reads a dropped or picked scenario file and opens it. */
export async function openScenarioFile(file: File): Promise<void> {
  if (file.size > MAX_FILE_BYTES) {
    reportBadInput(fileTooLarge(file.name, file.size), file.name);
    return;
  }
  const text = await file.text();
  const r = scenarioFromFile(file.name, text); // a file is JSON, never a link: anything else is not a scenario
  if (!r.ok) {
    reportBadInput(r.error, r.raw);
    return;
  }
  // made with an older engine: it opens on this one, with a notice that the run may differ
  if (openScenario(r.scenario, r.t, r.notice === undefined ? { push: true } : { push: true, notice: r.notice })) {
    setShareOpen(false);
    toast(`Opened ${file.name}${r.scenario.title !== undefined ? `: ${r.scenario.title}` : ''}.`);
  }
}

export function ShareDialog() {
  const open = useTour((s) => s.shareOpen);
  if (!open) return null;
  return <ShareDialogBody />;
}

function ShareDialogBody() {
  const [atStep, setAtStep] = useState(false);
  const [prepared, setPrepared] = useState(() => prepare(false));
  const step = useTour((s) => s.step);
  const fileInput = useRef<HTMLInputElement>(null);
  const close = () => setShareOpen(false);
  const name = fileBase(prepared.ok ? prepared.scenario.title : undefined);
  const t = Math.round(useApp.getState().displayedTime);

  const exportPng = async () => {
    const svg = clusterSvg();
    if (svg === null) return toast('The cluster view is not on screen.', 'error');
    try {
      download(`${name}-${t}ms.png`, await svgToPng(svg.svg, svg.width, svg.height), 'image/png');
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    }
  };
  const exportMedia = (kind: 'video' | 'gif') => {
    close();
    openMediaExport(kind);
  };
  const exportOffline = async () => {
    if (!prepared.ok) return;
    try {
      const { offlineLecture } = await import('../../offline/download.ts');
      download(`${name}-offline.html`, await offlineLecture(prepared.url), 'text/html');
      toast('Offline lecture saved: open it from disk in any browser, no network needed.');
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    }
  };
  const exportSpaceTime = () => {
    setBottomTab('spacetime');
    // the diagram mounts on the next frame
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const svg = spaceTimeSvg();
        if (svg === null) toast('The space-time diagram could not be drawn.', 'error');
        else download(`${name}-spacetime-${t}ms.svg`, svg.svg, 'image/svg+xml');
      }),
    );
  };

  return (
    <Modal title="Share and export" labelId="share-title" onClose={close} wide>
      {!prepared.ok ? (
        <p className="sc-error" role="alert">
          This run cannot be shared yet: {prepared.error}
        </p>
      ) : (
        <>
          <section className="sc-share">
            <h3>Link</h3>
            {(prepared.scenario.tour?.length ?? 0) > 0 ? (
              <>
                <p className="sc-muted" data-testid="share-opens">
                  {atStep
                    ? `Opens exactly this run at ${formatTourTime(t)}, at this step of its tour.`
                    : 'Opens this run with its tour at the start: the tour’s introduction, then step 1.'}
                </p>
                <label className="sc-check">
                  <input
                    type="checkbox"
                    checked={atStep}
                    onChange={(e) => {
                      setAtStep(e.target.checked);
                      setPrepared(prepare(e.target.checked));
                    }}
                    data-testid="share-at-step"
                  />{' '}
                  Open at this step{step >= 0 ? ` (step ${step + 1}, ${formatTourTime(t)})` : ` (${formatTourTime(t)})`}
                </label>
              </>
            ) : (
              <p className="sc-muted">Opens exactly this run at {t} ms.</p>
            )}
            <div className="sc-row">
              <input type="text" readOnly value={prepared.url} aria-label="Share link" data-testid="share-url" onFocus={(e) => e.currentTarget.select()} />
              <button className="btn primary" onClick={() => void copy(prepared.url, 'Link')}>
                Copy link
              </button>
            </div>
            <h3>Embed</h3>
            <p className="sc-muted">
              For a course page or a slide: the view without the toolbar and panels (<code>?embed=1</code>), sized to the frame.
            </p>
            <div className="sc-row">
              <textarea readOnly rows={3} value={prepared.snippet} aria-label="Embed snippet" data-testid="embed-snippet" onFocus={(e) => e.currentTarget.select()} />
              <button className="btn" onClick={() => void copy(prepared.snippet, 'Snippet')}>
                Copy
              </button>
            </div>
          </section>
          <section className="sc-share">
            <h3>Download</h3>
            <div className="sc-buttons">
              <button className="btn" onClick={() => download(`${name}.json`, scenarioToJson(prepared.scenario))} data-testid="export-scenario">
                Scenario (.json)
              </button>
              <button
                className="btn"
                onClick={() => {
                  const { tm } = session();
                  download(`${name}-trace-${t}ms.json`, traceToJson(prepared.scenario, tm.trace.slice(0, tm.traceLength), tm.now));
                }}
                data-testid="export-trace"
              >
                Trace (.json)
              </button>
              <button
                className="btn"
                onClick={() => {
                  const svg = clusterSvg();
                  if (svg === null) toast('The cluster view is not on screen.', 'error');
                  else download(`${name}-${t}ms.svg`, svg.svg, 'image/svg+xml');
                }}
                data-testid="export-svg"
              >
                Cluster view (.svg)
              </button>
              <button className="btn" onClick={() => void exportPng()} data-testid="export-png">
                Cluster view (.png)
              </button>
              <button className="btn" onClick={exportSpaceTime} data-testid="export-spacetime">
                Space-time diagram (.svg)
              </button>
              {!__RAFTLAB_OFFLINE__ && (
                <>
                  <button className="btn" onClick={() => exportMedia('video')} data-testid="export-video">
                    Video (.webm/.mp4)…
                  </button>
                  <button className="btn" onClick={() => exportMedia('gif')} data-testid="export-gif">
                    GIF…
                  </button>
                  <button className="btn" onClick={() => void exportOffline()} data-testid="export-offline" title="One .html file with the app, this run and its tour: it opens from disk with no network">
                    Download as an offline lecture (.html)
                  </button>
                </>
              )}
            </div>
            {__RAFTLAB_OFFLINE__ && (
              <p className="sc-muted" data-testid="offline-features">
                This is an offline lecture file. It carries {OFFLINE_FEATURES.carries.join('; ')}. It leaves out {OFFLINE_FEATURES.leftOut.join(', ')}: open the app online for those.
              </p>
            )}
          </section>
        </>
      )}
      <section className="sc-share">
        <h3>Open a scenario file</h3>
        <p className="sc-muted">A .json scenario downloaded here (or drop one anywhere on the page).</p>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          aria-label="Open a scenario file"
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f !== undefined) void openScenarioFile(f);
            e.target.value = '';
          }}
        />
      </section>
    </Modal>
  );
}
