// gaussian_noise end to end in the JS target: the identity in predict and evaluate, noise of the
// given deviation in trainStep (drawn from the module's seeded Prng), and the same step as a
// model without it when stddev = 0. Before a view (flatten, reshape), the noise still acts while
// training: inference drops it, so the view reads another tensor there (context.ts copies).

import { describe, expect, it } from 'vitest';
import { compileAndLoad } from '../../src/targets/js/load.js';

const model = (noise: string) =>
  `model M { input x: [4]; dense(3, tanh); ${noise} dense(2) }
train M { data = random(4, 2), loss = mse, optimizer = sgd(lr = 0.1) }
`;

const batch = 3;
const x = Float32Array.from({ length: batch * 4 }, (_, i) => Math.sin(i * 0.9));
const y = Float32Array.from({ length: batch * 2 }, (_, i) => Math.cos(i));

describe('gaussian_noise in generated modules', () => {
  it('predict is the model without the layer', async () => {
    const noisy = await compileAndLoad(model('gaussian_noise(0.5);'), { seed: 4 });
    const plain = await compileAndLoad(model(''), { seed: 4 });
    expect(Array.from(noisy.predict(x, batch))).toEqual(Array.from(plain.predict(x, batch)));
  });

  it('a training step with stddev = 0 is the step without the layer', async () => {
    const silent = await compileAndLoad(model('gaussian_noise(0);'), { seed: 4 });
    const plain = await compileAndLoad(model(''), { seed: 4 });
    expect(silent.trainStep(x, y, batch)).toBe(plain.trainStep(x, y, batch));
    for (const [name, values] of Object.entries(plain.params))
      expect(Array.from(silent.params[name]), name).toEqual(Array.from(values));
  });

  it('a training step with noise sees a different loss, and evaluation none', async () => {
    const noisy = await compileAndLoad(model('gaussian_noise(2);'), { seed: 4 });
    const plain = await compileAndLoad(model(''), { seed: 4 });
    expect(noisy.evaluateBatch(x, y, batch).loss).toBeCloseTo(
      plain.evaluateBatch(x, y, batch).loss,
      6,
    );
    expect(Math.abs(noisy.trainStep(x, y, batch) - plain.trainStep(x, y, batch))).toBeGreaterThan(
      1e-3,
    );
  });

  it('noise before a flatten acts while training and not in predict (the view reads the noisy values)', async () => {
    const viewed = (noise: string) =>
      `model M { input x: [4]; reshape([2, 2]); ${noise} flatten; dense(2) }
train M { data = random(4, 2), loss = mse, optimizer = sgd(lr = 0.1) }
`;
    const noisy = await compileAndLoad(viewed('gaussian_noise(2);'), { seed: 4 });
    const plain = await compileAndLoad(viewed(''), { seed: 4 });
    expect(Array.from(noisy.predict(x, batch))).toEqual(Array.from(plain.predict(x, batch)));
    const [noisyLoss, plainLoss] = [noisy.trainStep(x, y, batch), plain.trainStep(x, y, batch)];
    expect(Math.abs(noisyLoss - plainLoss)).toBeGreaterThan(1e-3);
    // The step moved the weights by the gradient of the noisy loss, not of the plain one.
    const moved = (m: typeof noisy) => Array.from(m.params['dense/weights']);
    expect(moved(noisy)).not.toEqual(moved(plain));
    expect(Array.from(noisy.predict(x, batch))).not.toEqual(Array.from(plain.predict(x, batch)));
  });
});
