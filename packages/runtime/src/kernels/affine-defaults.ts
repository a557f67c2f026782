// What a normalization layer without its learned scale or shift (`scale`/`center = false`) passes
// its kernels instead: γ = 1 and β = 0 per feature, made once with its state, and one vector where
// the gradient of an absent (or frozen) γ or β goes, which nothing reads.

export interface AffineDefaults {
  unitScale: Float32Array;
  zeroShift: Float32Array;
  /** Where a gradient nobody reads goes (an absent or frozen γ or β). */
  unusedGradient: Float32Array;
}

export function affineDefaults(features: number): AffineDefaults {
  return {
    unitScale: new Float32Array(features).fill(1),
    zeroShift: new Float32Array(features),
    unusedGradient: new Float32Array(features),
  };
}
