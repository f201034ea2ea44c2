// The tour's text burned into a frame: the lower third, large type, on a dark band, wrapped to
// at most three lines (the rest cut with an ellipsis; the WebVTT file carries it whole).

export function drawCaption(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, text: string): void {
  if (text === '') return;
  const { width, height } = ctx.canvas;
  const size = Math.max(12, Math.round(height / 22));
  const pad = Math.round(size * 0.6);
  ctx.save();
  ctx.font = `600 ${size}px "DejaVu Sans", "Liberation Sans", Arial, sans-serif`;
  const maxWidth = width - 4 * pad;
  const lines: string[] = [];
  let line = '';
  const words = text.split(' ');
  for (let i = 0; i < words.length; i++) {
    const next = line === '' ? words[i] : `${line} ${words[i]}`;
    if (ctx.measureText(next).width <= maxWidth || line === '') {
      line = next;
      continue;
    }
    lines.push(line);
    line = words[i];
    if (lines.length === 3) {
      line = '';
      // the third line ends with an ellipsis: the text goes on
      let last = lines[2];
      while (last.length > 0 && ctx.measureText(last + ' …').width > maxWidth) last = last.slice(0, -1);
      lines[2] = `${last.trimEnd()} …`;
      break;
    }
  }
  if (line !== '') lines.push(line);
  const lineHeight = Math.round(size * 1.3);
  const bandHeight = lines.length * lineHeight + 2 * pad;
  const top = height - bandHeight - Math.round(height * 0.04);
  ctx.fillStyle = 'rgba(0, 0, 0, 0.78)';
  ctx.fillRect(pad, top, width - 2 * pad, bandHeight);
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  lines.forEach((l, i) => ctx.fillText(l, width / 2, top + pad + i * lineHeight + (lineHeight - size) / 2));
  ctx.restore();
}
