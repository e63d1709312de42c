// The performance panel's GPU figures for the Classification lab: one step's forward and backward pass
// of every run, profiled whole, so the ERA kernels' time is read against the step's own GPU time.
import { type StepProfile, profileStep } from '../perf/step-profile.ts';

/** One step's forward and backward pass of every run, profiled whole: its GPU time and the ERA kernels in it. */
export async function profileTrainerStep(trainer: { forwardBackward(): void }): Promise<StepProfile> {
  return profileStep(() => {
    trainer.forwardBackward();
    return [];
  });
}
