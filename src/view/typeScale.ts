// The type's scale: presentation mode sets the page's type in rem from the screen's width
// (18 px at 1280, 24 px at 1920, base.css); parts drawn at fixed pixel sizes (the log grid's
// cells, the stage's captions) multiply theirs by this scale so they grow with the body text.

/** The normal body size (base.css). */
export const BODY_PX = 14;

/** base.css's presentation size, clamp(18px, 0.9vw + 7px, 24px), over the normal body size. */
export function presentationTypeScale(viewportWidth: number): number {
  return Math.min(24, Math.max(18, 0.009 * viewportWidth + 7)) / BODY_PX;
}
