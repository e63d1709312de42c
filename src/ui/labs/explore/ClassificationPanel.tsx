// Panel 1: classification ERA on one row of logits.
import { useMemo, useRef } from 'react';
import { BeforeAfterBars } from '../../components/BeforeAfterBars.tsx';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { EntropyScale } from '../../components/EntropyScale.tsx';
import { LogitEditor } from '../../components/LogitEditor.tsx';
import { MathTex } from '../../components/MathTex.tsx';
import { WgslViewer } from '../../components/WgslViewer.tsx';
import { useLatestResult } from '../../hooks/useLatestResult.ts';
import { computeClassification } from './compute.ts';
import { exampleLogits, oneHotLogits, resize } from './inputs.ts';
import { Controls, EngineTag, Panel, type PanelProps, Readout } from './common.tsx';

/** Most classes drawn one bar each; beyond that, the top ones and one bar for the rest (D can be 1000). */
const MAX_BARS = 40;

function ClassBars({ pBefore, pAfter }: { pBefore: number[]; pAfter: number[] }) {
  const view = useMemo(() => {
    if (pBefore.length <= MAX_BARS) return { before: pBefore, after: pAfter, names: pBefore.map((_, i) => String(i)) };
    const order = pBefore.map((_, i) => i).sort((a, b) => pBefore[b] - pBefore[a]);
    const top = order.slice(0, MAX_BARS - 1);
    const sumRest = (p: number[]) => order.slice(MAX_BARS - 1).reduce((acc, i) => acc + p[i], 0);
    return {
      before: [...top.map((i) => pBefore[i]), sumRest(pBefore)],
      after: [...top.map((i) => pAfter[i]), sumRest(pAfter)],
      names: [...top.map(String), `other ${pBefore.length - top.length}`],
    };
  }, [pBefore, pAfter]);
  return (
    <>
      <BeforeAfterBars before={view.before} after={view.after} name={(i) => view.names[i]} xLabel="class" yLabel="probability" testId="chart-classification" />
      {pBefore.length > MAX_BARS && (
        <p className="muted small">
          The {MAX_BARS - 1} most likely classes (before ERA), then the other {pBefore.length - MAX_BARS + 1} summed.
        </p>
      )}
    </>
  );
}

export function ClassificationPanel({ state, update, engine, present }: PanelProps) {
  const logits = state.z ?? exampleLogits(state.d, state.seed);
  const input = { logits, temperature: state.temp, h0: state.h0, inverse: state.inv as 'official' | 'exact' };
  const ready = engine.phase === 'ready';
  const key = JSON.stringify([input, engine.kind, engine.generation]);
  const r = useLatestResult(key, () => computeClassification(input, engine.kind), ready);
  const res = r.value;
  const fresh = res !== null && r.key === key && !r.error;

  const chartBox = useRef<HTMLDivElement>(null);
  return (
    <Panel title="1 · Classification: softmax ERA" testId="panel-classification">
      <p className="formula">
        <MathTex tex={String.raw`p=\operatorname{softmax}(z/T),\quad y_i=\text{slope}\cdot p_i+b,\quad z'_i=h^{-1}(y_i)`} />
        <br />
        <MathTex tex={String.raw`H\big(\operatorname{softmax}(z')\big)\;\ge\;H_0\quad\text{for every } z`} />
      </p>
      <Controls
        names={['d', 'h0', 'temp', 'inv', 'seed']}
        state={state}
        update={update}
        present={present}
        onChange={{
          d: (v) => {
            const d = v as number;
            update({ d, z: state.z ? resize(state.z, d, exampleLogits(d, state.seed)) : null });
          },
          seed: (v) => update({ seed: v as number, z: null }),
        }}
      />
      <div className="buttons">
        <button type="button" onClick={() => update({ seed: (state.seed % 999999) + 1, z: null })}>
          Randomise logits
        </button>
        <button type="button" onClick={() => update({ z: oneHotLogits(state.d) })}>
          One-hot
        </button>
        <button type="button" onClick={() => update({ z: logits.map(() => 0) })}>
          Uniform
        </button>
      </div>
      <LogitEditor values={logits} min={-10} max={10} caption="Logits z" name={(i) => `logit z${i}`} onChange={(z) => update({ z })} />
      <EngineTag engine={engine} kernel="era_softmax" dispatches={res?.wgslDispatches ?? null} />
      {r.error && <p className="error">{r.error}</p>}
      {res && (
        <>
          <div ref={chartBox}>
            <ClassBars pBefore={res.pBefore} pAfter={res.pAfter} />
          </div>
          <ExportButtons
            name={`era-classification-D${state.d}-H0-${state.h0}`}
            rows={res.pBefore.map((p, i) => ({ class: i, logit: logits[i], p_before: p, p_after: res.pAfter[i] }))}
            figure={chartBox}
            extra={{
              d: state.d,
              h0: state.h0,
              temperature: state.temp,
              inverse: state.inv,
              entropyBefore: res.entropyBefore,
              entropyAfter: res.entropyAfter,
              oneHotFloor: res.oneHotFloor,
              engine: res.engine,
            }}
          />
          <div className="readouts" data-fresh={fresh ? '1' : '0'} data-engine={res.engine} data-testid="classification-readouts">
            <Readout label="H before" value={res.entropyBefore} testId="entropy-before" />
            <Readout
              label={<MathTex tex="H_{\text{after}}" />}
              value={res.entropyAfter}
              testId="entropy-after"
              note={res.entropyAfter >= state.h0 ? '≥ H₀ ✓' : '< H₀ ✗'}
            />
            <Readout label={<MathTex tex="H_0" />} value={state.h0} testId="h0-shown" />
            <Readout label="one-hot floor" value={res.oneHotFloor} testId="one-hot-floor" note="ERA’s lowest output entropy at this D, H₀" />
          </div>
          <EntropyScale
            max={Math.log(state.d)}
            markers={[
              { label: 'before', value: res.entropyBefore, kind: 'before' },
              { label: 'after', value: res.entropyAfter, kind: 'after' },
              { label: 'H₀', value: state.h0, kind: 'target' },
              { label: 'floor', value: res.oneHotFloor, kind: 'floor' },
              { label: 'ln D', value: Math.log(state.d), kind: 'band-high' },
            ]}
          />
        </>
      )}
      {!present && <WgslViewer shader="era_softmax" />}
    </Panel>
  );
}
