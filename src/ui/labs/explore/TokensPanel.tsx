// Panel 3: token-policy ERA on one short response.
import { BeforeAfterBars } from '../../components/BeforeAfterBars.tsx';
import { EntropyScale } from '../../components/EntropyScale.tsx';
import { MathTex } from '../../components/MathTex.tsx';
import { WgslViewer } from '../../components/WgslViewer.tsx';
import { useLatestResult } from '../../hooks/useLatestResult.ts';
import { computeTokens } from './compute.ts';
import { exampleTokenLogits } from './inputs.ts';
import { Controls, EngineTag, Panel, type PanelProps, Readout } from './common.tsx';

const CASE_TEXT = { 1: 'sharpen: z′ = k·z, A′ = A/k', 0: 'keep: z′ = z, A′ = A', [-1]: 'flatten: z′ = z/k, A′ = k·A' } as const;

export function TokensPanel({ state, update, engine, present }: PanelProps) {
  const logits = exampleTokenLogits(state.tl, state.tv, state.tseed, state.peak);
  const input = {
    logits,
    length: state.tl,
    vocab: state.tv,
    advantage: state.adv,
    k: state.k,
    omegaLow: state.wlo,
    omegaHigh: state.whi,
    scaleAdvantages: state.ascale,
  };
  const ready = engine.phase === 'ready';
  const key = JSON.stringify([input, engine.kind, engine.generation]);
  const r = useLatestResult(key, () => computeTokens(input, engine.kind), ready);
  const res = r.value;
  const tok = Math.min(state.tok, state.tl - 1);

  return (
    <Panel title="3 · Language-model tokens: response-level ERA" testId="panel-tokens">
      <p className="formula">
        <MathTex tex={String.raw`H_{\text{resp}}=\operatorname{mean}\ \text{top-}\max(1,\lfloor 0.2L\rfloor)\ H_t`} />
        <br />
        <MathTex
          tex={String.raw`A>0:\ H_{\text{resp}}<\omega_{\text{low}}\Rightarrow z'=k z,\ A'=A/k;\quad H_{\text{resp}}>\omega_{\text{high}}\Rightarrow z'=z/k,\ A'=kA`}
        />
      </p>
      <Controls names={['k', 'wlo', 'whi', 'adv', 'peak', 'tl', 'tv', 'tok', 'ascale', 'tseed']} state={state} update={update} present={present} />
      <EngineTag engine={engine} kernel="era_tokens" dispatches={res?.wgslDispatches ?? null} />
      {r.error && <p className="error">{r.error}</p>}
      {res && (
        <>
          <div className="readouts">
            <Readout label={<MathTex tex="H_{\text{resp}}" />} value={res.responseEntropy} testId="response-entropy" />
            <div className="readout">
              <span className="readout-label">case</span>
              <output className="readout-value" data-testid="token-case" data-value={String(res.case)}>
                {CASE_TEXT[res.case]}
              </output>
            </div>
            <Readout label="A′" value={res.advantageAfter} testId="advantage-after" />
          </div>
          <EntropyScale
            max={Math.max(state.whi, Math.log(state.tv)) * 1.05}
            band={[state.wlo, state.whi]}
            markers={[
              { label: 'H_resp', value: res.responseEntropy, kind: 'after' },
              { label: 'ω_low', value: state.wlo, kind: 'band-low' },
              { label: 'ω_high', value: state.whi, kind: 'band-high' },
              { label: 'ln V', value: Math.log(state.tv), kind: 'floor' },
            ]}
          />
          <BeforeAfterBars
            before={res.tokenEntropyBefore}
            after={res.tokenEntropyAfter}
            xLabel="token"
            yLabel="token entropy H_t"
            name={(i) => `t${i}`}
            height={170}
            testId="chart-token-entropy"
          />
          <h3 className="small-heading">Distribution of token t{tok}</h3>
          <BeforeAfterBars
            before={res.pBefore[tok]}
            after={res.pAfter[tok]}
            xLabel="vocabulary entry"
            yLabel="probability"
            height={170}
            testId="chart-token-dist"
          />
        </>
      )}
      {!present && <WgslViewer shader="era_tokens" />}
    </Panel>
  );
}
