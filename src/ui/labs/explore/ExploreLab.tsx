// The Explore lab (#/explore): ERA's three variants side by side, live, no training.
import { NoticeBar } from '../../components/NoticeBar.tsx';
import { LessonCaption } from '../../lessons/LessonCaption.tsx';
import { useEngine } from '../../engine/useEngine.ts';
import { useLabState } from '../../state/useHashLocation.ts';
import { ClassificationPanel } from './ClassificationPanel.tsx';
import { GaussianPanel } from './GaussianPanel.tsx';
import { TokensPanel } from './TokensPanel.tsx';
import { exploreSchema } from './schema.ts';

export default function ExploreLab({ present }: { present: boolean }) {
  const { state, update, notices, dismissNotices } = useLabState('/explore', exploreSchema);
  const engine = useEngine();
  const props = { state, update, engine, present };
  return (
    <div className="lab explore">
      <h1 className="lab-title">Explore: what ERA does to a model’s output</h1>
      <NoticeBar notices={notices} onDismiss={dismissNotices} />
      <LessonCaption lab="explore" />
      <p className="lede">
        ERA is an activation on a model’s output that keeps the policy’s entropy above a target H₀ by construction — no entropy bonus in the loss. Move the
        sliders: each panel runs the ERA op on your GPU and shows what it does.
      </p>
      <div className="panels">
        <ClassificationPanel {...props} />
        <GaussianPanel {...props} />
        <TokensPanel {...props} />
      </div>
    </div>
  );
}
