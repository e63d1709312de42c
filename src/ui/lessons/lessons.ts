// The lessons a teacher can walk a class through. A lesson is a link, `#/<lab>?lesson=<id>&…settings…`:
// it opens the lab in the lesson's state with a caption saying what to do and what to notice. Every
// claim a caption makes is checked by a headless run kept as a test (`checkedBy`). DOM-free.
import { formatHash } from '../state/hash.ts';

export type LessonLab = 'explore' | 'classify' | 'control' | 'tokens';

export interface LessonStep {
  /** What to do (imperative, one or two sentences). */
  do: string;
  /** What to notice on the page. */
  notice: string;
}

export interface Lesson {
  id: string;
  lab: LessonLab;
  title: string;
  /** The lab's settings for the lesson, as URL parameters (the rest stay at their defaults). */
  params: Record<string, string>;
  steps: LessonStep[];
  /** The test that checks the captions' claims (file › test name). */
  checkedBy: string;
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'explore-floor',
    lab: 'explore',
    title: 'ERA’s entropy floor',
    params: { d: '10', h0: '0.6' },
    steps: [
      {
        do: 'In the classification panel, make one class tower over the others: press “one-hot”, or drag one bar up.',
        notice:
          'Before ERA the entropy drops to 0: the model is certain. After ERA it stays above H₀ = 0.6; for a one-hot input with 10 classes it sits at 0.98 nats, ERA’s floor.',
      },
      {
        do: 'Now move the H₀ slider up and down.',
        notice:
          'The entropy after ERA follows H₀ and never falls below it, whatever the logits: ERA guarantees the bound by construction, with no entropy term in any loss.',
      },
    ],
    checkedBy: 'test/lessons/explore.test.ts › explore-floor',
  },
  {
    id: 'classify-collapse',
    lab: 'classify',
    title: 'Without ERA the confidence collapses',
    params: { run1: 'none', run2: 'era', trainSize: '1024', testSize: '250', evalEvery: '10', epochs: '8' },
    steps: [
      {
        do: 'Press Play (Space) and watch the entropy chart.',
        notice:
          'Both runs start near ln 10 ≈ 2.3 nats (a guess). Watch how low the plain run (dashed) lets its confidence go: nothing stops its entropy falling. ERA’s run (solid blue) never goes below the H₀ line — on every test image, at every evaluation.',
      },
      {
        do: 'Look at the test-accuracy chart next to it.',
        notice: 'ERA bounds the confidence, not the ranking: it never changes which class a prediction picks. Compare how the two runs’ accuracy develops.',
      },
    ],
    checkedBy: 'test/lessons/classify.test.ts › classify-collapse',
  },
  {
    id: 'classify-floor',
    lab: 'classify',
    title: 'ERA’s floor at H₀',
    params: { run1: 'none', run2: 'era', trainSize: '1024', testSize: '250', evalEvery: '10', epochs: '8' },
    steps: [
      {
        do: 'Press Play. After a few evaluations, drag H₀ from 0.6 to 1.2 while it trains.',
        notice:
          'A vertical rule marks the change (“H₀ 0.6 → 1.2”). At the next evaluation ERA’s entropy is above 1.2 — on every test image, not just on average (the histogram starts to the right of H₀).',
      },
      {
        do: 'Compare the test accuracy before and after the change.',
        notice: 'No jump: ERA keeps the ranking of the classes, so the predicted class of every image is the same; only how sure the model says it is changes.',
      },
    ],
    checkedBy: 'test/lessons/classify.test.ts › classify-floor',
  },
  {
    id: 'classify-calibration',
    lab: 'classify',
    title: 'ERA vs label smoothing: calibration',
    params: { run1: 'none', run2: 'ls', run3: 'era', trainSize: '1024', testSize: '250', evalEvery: '10', epochs: '8' },
    steps: [
      {
        do: 'Press Play and let all three runs train to the end.',
        notice:
          'Label smoothing (ε = 0.1) also pulls predictions away from certainty, but only through its training targets: compare its entropy line with the other two.',
      },
      {
        do: 'Look at the entropy histogram and the calibration diagram.',
        notice:
          'Label smoothing gives no per-prediction guarantee: its histogram may reach below the H₀ line. ERA’s never does. The diagram shows accuracy against confidence: the closer to the diagonal, the better calibrated.',
      },
    ],
    checkedBy: 'test/lessons/classify.test.ts › classify-calibration',
  },
  {
    id: 'control-every-state',
    lab: 'control',
    title: 'ERA holds the entropy on every state',
    params: {},
    steps: [
      {
        do: 'Press Play and watch the policy-entropy chart.',
        notice:
          'SAC-ERA’s Gaussian entropy (solid blue) sits on its target line from the first episode, on every state it visits; SAC’s (dashed) moves as its temperature α adapts.',
      },
      {
        do: 'Drag H₀/D while it trains.',
        notice:
          'SAC-ERA’s entropy jumps to the new target at once (the vertical rule marks when): ERA sets σ so that the entropy is exactly H₀ + δ — no loss term has to pull it there.',
      },
    ],
    checkedBy: 'test/lessons/control.test.ts › control-every-state',
  },
  {
    id: 'control-delta',
    lab: 'control',
    title: 'δ and the squashing gap',
    params: { deltaMode: 'auto' },
    steps: [
      {
        do: 'Press Play and compare SAC-ERA’s two entropy lines.',
        notice:
          'The dotted line (the executed actions, truncated to [−1, 1]) sits below the solid one (the Gaussian): cutting the tails off removes entropy, most where the mean is near a bound.',
      },
      {
        do: 'Watch δ in the α/δ chart.',
        notice:
          'With δ on auto, δ rises from 0 while the executed actions’ entropy is below H₀: ERA then aims the Gaussian at H₀ + δ to make up for what the squashing takes away.',
      },
    ],
    checkedBy: 'test/lessons/control.test.ts › control-delta',
  },
  {
    id: 'tokens-collapse',
    lab: 'tokens',
    title: 'GRPO collapses',
    params: { scaleAdvantages: '0' },
    steps: [
      {
        do: 'Press Play and let it run to the step budget (400 GRPO steps).',
        notice:
          'GRPO’s response entropy falls below ω_low (the band’s lower edge) and keeps falling: it settles on one answer per prompt. GRPO+ERA’s stops at ω_low.',
      },
      {
        do: 'Look at pass@k at the end.',
        notice: 'GRPO+ERA solves more prompts in k tries: keeping several answers alive pays off when you may sample more than once.',
      },
    ],
    checkedBy: 'test/lessons/tokens.test.ts › tokens-collapse',
  },
  {
    id: 'tokens-sharpen-right',
    lab: 'tokens',
    title: 'ERA sharpens only what is right',
    params: { scaleAdvantages: '0' },
    steps: [
      {
        do: 'Press Play and watch the chart of ERA’s cases.',
        notice:
          'While every response’s entropy is above ω_low, every response is “keep”: ERA does nothing. Sharpening starts once single responses fall below ω_low — a few at first, while the average on the entropy chart is still above it.',
      },
      {
        do: 'Read the sampled responses (✓ correct, ✗ wrong).',
        notice:
          'ERA only ever sharpens responses with a positive advantage — correct answers in a group that also got some wrong. A wrong response is never sharpened.',
      },
    ],
    checkedBy: 'test/lessons/tokens.test.ts › tokens-sharpen-right',
  },
  {
    id: 'tokens-thresholds',
    lab: 'tokens',
    title: 'k and the thresholds',
    params: { scaleAdvantages: '0' },
    steps: [
      {
        do: 'Press Play. Once the entropy has fallen near ω_low, drag ω_low up to 1.0 while it trains.',
        notice: 'More correct responses are now below ω_low, so the share ERA sharpens rises at once, and the entropy is held higher from then on.',
      },
      {
        do: 'Try k = 1 (no scaling at all).',
        notice: 'With k = 1 sharpening multiplies the logits by 1: ERA is off and GRPO+ERA behaves like GRPO from that step on.',
      },
    ],
    checkedBy: 'test/lessons/tokens.test.ts › tokens-thresholds',
  },
];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

export function lessonsOf(lab: string): Lesson[] {
  return LESSONS.filter((l) => l.lab === lab);
}

/** The lesson's link: its lab, `lesson=<id>` and its settings (and present mode if asked). */
export function lessonHash(lesson: Lesson, present = false): string {
  const params = new URLSearchParams({ lesson: lesson.id, ...lesson.params });
  if (present) params.set('present', '1');
  return formatHash(`/${lesson.lab}`, params);
}
