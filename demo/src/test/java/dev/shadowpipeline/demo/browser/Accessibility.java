package dev.shadowpipeline.demo.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Accessibility basics checked in the page as the browser computed it: text contrast against WCAG 2.1 AA, and a
 * text alternative for every chart.
 */
final class Accessibility {

  private Accessibility() {}

  /**
   * Every visible element with text of its own whose contrast with the background behind it is below WCAG 2.1 AA: 4.5:1,
   * or 3:1 for large text (24 px, or 18.66 px bold). Contrast is (L1 + 0.05) / (L2 + 0.05) of the relative luminances
   * of the text colour and of the backgrounds of the element and its ancestors composited over white (WCAG 2.1,
   * "contrast ratio" and "relative luminance").
   */
  static List<String> lowContrast(HeadlessChromium.Page page) {
    JsonNode found =
        page.eval(
            """
            (() => {
              const parse = c => {
                const m = /rgba?\\(([^)]+)\\)/.exec(c);
                if (!m) { return null; }
                const p = m[1].split(',').map(parseFloat);
                return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
              };
              const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a),
                g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
              const lin = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
              const lum = c => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
              const background = el => {
                const layers = [];
                for (let e = el; e; e = e.parentElement) {
                  const c = parse(getComputedStyle(e).backgroundColor);
                  if (c && c.a > 0) { layers.push(c); if (c.a >= 1) { break; } }
                }
                let out = { r: 255, g: 255, b: 255, a: 1 };
                for (let i = layers.length - 1; i >= 0; i--) { out = over(layers[i], out); }
                return out;
              };
              const low = [];
              for (const el of document.querySelectorAll('body *')) {
                const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
                if (!own || el.getClientRects().length === 0) { continue; }
                const st = getComputedStyle(el);
                if (st.visibility !== 'visible' || Number(st.opacity) === 0) { continue; }
                const bg = background(el);
                const fg = over(parse(st.color), bg);
                const l1 = lum(fg), l2 = lum(bg);
                const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
                const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
                if (ratio < needed) {
                  low.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).replace(/ /g, '.') : '')
                    + ' "' + own.substring(0, 40) + '": ' + ratio.toFixed(2) + ' < ' + needed
                    + ' (' + st.color + ' on rgb(' + [bg.r, bg.g, bg.b].map(Math.round).join(', ') + '))');
                }
              }
              return low;
            })()
            """);
    List<String> out = new ArrayList<>();
    found.forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * Every chart (a canvas, or an SVG drawn as an image) without a text alternative: it needs {@code role="img"}, a
   * non-empty accessible name ({@code aria-label} or {@code aria-labelledby}) and an {@code aria-describedby} whose
   * elements exist and hold text (a data table or a summary line).
   */
  static List<String> chartsWithoutText(HeadlessChromium.Page page) {
    JsonNode found =
        page.eval(
            """
            (() => {
              const text = ids => (ids || '').split(/\\s+/).filter(i => i)
                .map(i => document.getElementById(i)).map(e => e ? e.textContent.trim() : '').join(' ').trim();
              const missing = [];
              for (const c of document.querySelectorAll('canvas, svg')) {
                const name = (c.getAttribute('aria-label') || '').trim()
                  || text(c.getAttribute('aria-labelledby'));
                const described = text(c.getAttribute('aria-describedby'));
                if (c.getAttribute('role') !== 'img' || !name || !described) {
                  missing.push((c.id || c.tagName) + ': role=' + c.getAttribute('role') + ', name="' + name
                    + '", described by "' + described.substring(0, 40) + '"');
                }
              }
              return missing;
            })()
            """);
    List<String> out = new ArrayList<>();
    found.forEach(n -> out.add(n.asText()));
    return out;
  }
}
