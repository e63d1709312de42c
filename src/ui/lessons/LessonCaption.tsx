// A lesson's caption box: what to do, what to notice, and Next / Back through the lesson's steps. It
// opens when the link carries `lesson=<id>` (the link also carries the lesson's settings).
import { useEffect, useState } from 'react';
import { formatHash } from '../state/hash.ts';
import { useHashLocation } from '../state/useHashLocation.ts';
import { findLesson, lessonHash, lessonsOf } from './lessons.ts';

export function LessonCaption({ lab }: { lab: string }) {
  const loc = useHashLocation();
  const id = loc.params.get('lesson');
  const lesson = id ? findLesson(id) : undefined;
  const [step, setStep] = useState(0);
  useEffect(() => setStep(0), [id]);
  if (!id) return null;
  if (!lesson || lesson.lab !== lab) {
    return (
      <p className="notice" role="status" data-testid="lesson-caption">
        There is no lesson “{id}” in this lab.
      </p>
    );
  }
  const s = lesson.steps[step];
  const siblings = lessonsOf(lab);
  const next = siblings[siblings.indexOf(lesson) + 1];
  const without = new URLSearchParams(loc.params);
  without.delete('lesson');
  return (
    <section className="lesson-caption" aria-label={`Lesson: ${lesson.title}`} data-testid="lesson-caption" data-lesson={lesson.id} data-step={step}>
      <h2>
        Lesson: {lesson.title}{' '}
        <span className="muted small">
          step {step + 1} of {lesson.steps.length}
        </span>
      </h2>
      <p>
        <strong>Do:</strong> {s.do}
      </p>
      <p>
        <strong>Notice:</strong> {s.notice}
      </p>
      <div className="lesson-nav">
        <button type="button" onClick={() => setStep(step - 1)} disabled={step === 0}>
          Back
        </button>
        {step + 1 < lesson.steps.length ? (
          <button type="button" onClick={() => setStep(step + 1)} data-testid="lesson-next">
            Next
          </button>
        ) : (
          next && <a href={lessonHash(next, loc.params.get('present') === '1')}>Next lesson: {next.title}</a>
        )}
        <a href={formatHash(loc.path, without)} className="small">
          Leave the lesson
        </a>
      </div>
    </section>
  );
}
