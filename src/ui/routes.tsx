// The lab registry: each lab is a lazily loaded component at a hash route. Labs still to come have no
// component yet; their route says what is coming instead of showing a blank page.
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

export interface LabProps {
  /** Classroom mode: large type, advanced controls hidden. */
  present: boolean;
}

export interface LabRoute {
  path: string;
  title: string;
  blurb: string;
  component: LazyExoticComponent<ComponentType<LabProps>> | null;
  /** Shown while the lab is not built yet. */
  coming?: string;
}

export const LAB_ROUTES: readonly LabRoute[] = [
  {
    path: '/explore',
    title: 'Explore',
    blurb: 'See ERA at work on softmax, Gaussian and token policies — live, no training needed.',
    component: lazy(() => import('./labs/explore/ExploreLab.tsx')),
  },
  {
    path: '/classify',
    title: 'Classify',
    blurb: 'Train an image classifier with and without ERA and compare accuracy and confidence.',
    component: lazy(() => import('./labs/classify/Lab.tsx')),
  },
  {
    path: '/control',
    title: 'Control',
    blurb: 'SAC versus SAC-ERA on continuous-control tasks, with the policy’s entropy held at its target.',
    component: lazy(() => import('./labs/control/Lab.tsx')),
  },
  {
    path: '/tokens',
    title: 'Tokens',
    blurb: 'GRPO on a toy verifiable task: watch entropy collapse without ERA and hold with it.',
    component: lazy(() => import('./labs/tokens/Lab.tsx')),
  },
];

export function findRoute(path: string): LabRoute | undefined {
  return LAB_ROUTES.find((r) => r.path === path);
}
