// Panel 2: Gaussian-policy ERA on one action's σ̂.
import { BeforeAfterBars } from '../../components/BeforeAfterBars.tsx';
import { EntropyScale } from '../../components/EntropyScale.tsx';
import { LogitEditor } from '../../components/LogitEditor.tsx';
import { MathTex } from '../../components/MathTex.tsx';
import { WgslViewer } from '../../components/WgslViewer.tsx';
import { useLatestResult } from '../../hooks/useLatestResult.ts';
import { computeGaussian } from './compute.ts';
import { exampleSigmaHat, resize } from './inputs.ts';
import { Controls, EngineTag, Panel, type PanelProps, Readout } from './common.tsx';
import { gaussianH0Range } from './schema.ts';

export function GaussianPanel({ state, update, engine, present }: PanelProps) {
  const sigmaHat = state.sh ?? exampleSigmaHat(state.gd, state.gseed);
  const input = { sigmaHat, h0: state.gh0, delta: state.delta, logStdMin: state.lsmin, logStdMax: state.lsmax };
  const ready = engine.phase === 'ready';
  const key = JSON.stringify([input, engine.kind, engine.generation]);
  const r = useLatestResult(key, () => computeGaussian(input, engine.kind), ready);
  const res = r.value;
  const range = gaussianH0Range(state.gd, state.delta, state.lsmin, state.lsmax);

  return (
    <Panel title="2 · Continuous control: Gaussian ERA" testId="panel-gaussian">
      <p className="formula">
        <MathTex
          tex={String.raw`\ln\sigma'_i=\operatorname{clip}\!\big(\ln\sigma_{\max}+k\cdot\operatorname{softmax}(\hat\sigma)_i,\ \ln\sigma_{\min},\ \ln\sigma_{\max}\big)`}
        />
        <br />
        <MathTex
          tex={String.raw`k=H_0+\delta-D\ln\sqrt{2\pi e}-D\ln\sigma_{\max},\qquad \textstyle\sum_i\ln\sigma'_i+D\ln\sqrt{2\pi e}=H_0+\delta\ \text{(unclipped)}`}
        />
      </p>
      <Controls
        names={['gd', 'gh0', 'delta', 'lsmin', 'lsmax', 'gseed']}
        state={state}
        update={update}
        present={present}
        onChange={{
          gd: (v) => {
            const gd = v as number;
            update({ gd, sh: state.sh ? resize(state.sh, gd, exampleSigmaHat(gd, state.gseed)) : null });
          },
          gseed: (v) => update({ gseed: v as number, sh: null }),
        }}
      />
      <div className="buttons">
        <button type="button" onClick={() => update({ gseed: (state.gseed % 999999) + 1, sh: null })}>
          Randomise σ̂
        </button>
        <button type="button" onClick={() => update({ sh: sigmaHat.map(() => 0) })}>
          Equal σ̂
        </button>
      </div>
      <LogitEditor values={sigmaHat} min={-5} max={5} caption="σ̂ (pre-ERA log-std head)" name={(i) => `sigma hat ${i}`} onChange={(sh) => update({ sh })} />
      <EngineTag engine={engine} kernel="era_gaussian" dispatches={res?.wgslDispatches ?? null} />
      {r.error && <p className="error">{r.error}</p>}
      {res && (
        <>
          <BeforeAfterBars before={res.sigmaBefore} after={res.sigmaAfter} xLabel="action dimension" yLabel="σ" testId="chart-gaussian" />
          <div className="readouts">
            <Readout label="H before (ln σ = clip σ̂)" value={res.entropyBefore} testId="gaussian-entropy-before" />
            <Readout label="H after" value={res.entropyAfter} testId="gaussian-entropy-after" />
            <Readout label="target H₀ + δ" value={res.target} testId="gaussian-target" />
          </div>
          <EntropyScale
            min={range.min}
            max={range.max + state.delta}
            markers={[
              { label: 'before', value: res.entropyBefore, kind: 'before' },
              { label: 'after', value: res.entropyAfter, kind: 'after' },
              { label: 'H₀+δ', value: res.target, kind: 'target' },
              { label: 'H₀', value: state.gh0, kind: 'floor' },
            ]}
          />
        </>
      )}
      {!present && <WgslViewer shader="era_gaussian" />}
    </Panel>
  );
}
