"""Basic accessibility checks run inside the page (Playwright ``page.evaluate``).

Not a full WCAG audit: they cover what reviewers of this UI keep missing —
headings, labels, text alternatives, keyboard focus and text contrast. Each
check returns a list of problems, empty when the page passes, so a failure
names every offending element at once.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

# WCAG 2.2 SC 1.4.3: 4.5:1 for normal text, 3:1 for large text (at least
# 24 px, or 18.66 px bold).
NORMAL_TEXT_RATIO = 4.5
LARGE_TEXT_RATIO = 3.0

_STRUCTURE_JS = """
() => {
  const problems = [];
  const shown = (el) => el.checkVisibility({ visibilityProperty: true });
  const text = (el) => (el.textContent || '').replace(/\\s+/g, ' ').trim();
  const byIds = (el, attr) => (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)
      .map((id) => document.getElementById(id)).filter(Boolean).map(text).join(' ').trim();
  const name = (el) => (el.getAttribute('aria-label') || '').trim() || byIds(el, 'aria-labelledby')
      || (el.getAttribute('title') || '').trim();
  const describe = (el) => el.outerHTML.slice(0, 140);

  if (!/^(kk|ru|en)\\b/.test(document.documentElement.lang)) {
    problems.push(`<html lang> is "${document.documentElement.lang}"`);
  }
  if (!document.title.trim()) problems.push('the page has no <title>');

  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(shown);
  const h1s = headings.filter((h) => h.tagName === 'H1');
  if (h1s.length !== 1) problems.push(`expected exactly one h1, found ${h1s.length}`);
  // A heading may go down one level at a time; h2 before the h1 (site
  // navigation) is not a skip.
  let previous = 1;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (level > previous + 1) {
      problems.push(`heading level skips h${previous} -> h${level}: "${text(h).slice(0, 60)}"`);
    }
    if (!text(h)) problems.push(`empty heading: ${describe(h)}`);
    previous = level;
  }

  const exempt = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  for (const c of document.querySelectorAll('input, select, textarea')) {
    const type = (c.getAttribute('type') || 'text').toLowerCase();
    if (exempt.has(type)) {
      if (type === 'image' && !(c.getAttribute('alt') || '').trim()) {
        problems.push(`image input without alt: ${describe(c)}`);
      }
      if ((type === 'submit' || type === 'button') && !((c.value || '').trim() || name(c))) {
        problems.push(`button input without text: ${describe(c)}`);
      }
      continue;
    }
    const labelled = [...(c.labels || [])].some((l) => text(l)) || name(c);
    if (!labelled) problems.push(`form control without a label: ${describe(c)}`);
  }
  for (const b of document.querySelectorAll('button, [role=button]')) {
    if (!(text(b) || name(b))) problems.push(`button without a name: ${describe(b)}`);
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const img = [...a.querySelectorAll('img[alt]')].map((i) => i.alt).join('');
    if (shown(a) && !(text(a) || name(a) || img.trim())) {
      problems.push(`link without a name: ${describe(a)}`);
    }
  }

  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push(`img without alt: ${describe(img)}`);
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.closest('[aria-hidden="true"]') || svg.parentElement.closest('svg')) continue;
    const title = svg.querySelector(':scope > title');
    if (!(name(svg) || (title && text(title)))) {
      problems.push(`svg without a text alternative (or aria-hidden="true"): ${describe(svg)}`);
    }
  }
  for (const el of document.querySelectorAll('[role=img]:not(svg)')) {
    if (!name(el)) problems.push(`role=img without a name: ${describe(el)}`);
  }
  return problems;
}
"""

# Colours go through a 1x1 canvas, so every CSS colour syntax (named, hex,
# rgb(), oklch(), color-mix(), ...) ends as sRGB bytes: getComputedStyle keeps
# some of them in their own colour space.
_CONTRAST_JS = """
([normalRatio, largeRatio]) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  // WCAG 2.x relative luminance of an sRGB colour.
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The backgrounds of the element and its ancestors, composited over the
  // white canvas. Background images and positioned overlaps are not seen.
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    return layers.reverse().reduce((acc, layer) => over(layer, acc), [255, 255, 255, 1]);
  };
  const onScreen = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0
      && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());

  // SVG text is painted with `fill` over shapes that are not its ancestors,
  // so neither colour here would be the one seen: SVG is left out.
  const checked = [document.body, ...document.querySelectorAll('body *')]
    .filter((el) => !(el instanceof SVGElement))
    .filter((el) => el === document.body || el.tagName === 'A' || ownText(el))
    .filter((el) => el === document.body || (onScreen(el) && !el.matches(':disabled')));
  const problems = [];
  for (const el of checked) {
    const style = getComputedStyle(el);
    const bg = background(el);
    const fg = over(rgba(style.color), bg);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = el === document.body || el.tagName === 'A' || !large ? normalRatio : largeRatio;
    const got = ratio(fg, bg);
    if (got < needed) {
      const classes = String(el.className || '').trim().replace(/\\s+/g, '.');
      const label = el.tagName.toLowerCase() + (classes ? '.' + classes : '');
      const sample = (el.textContent || '').trim().slice(0, 40);
      const where = `${style.color} on rgb(${bg.slice(0, 3).map(Math.round)})`;
      problems.push(`${label} "${sample}": contrast ${got.toFixed(2)} < ${needed} (${where})`);
    }
  }
  return problems;
}
"""

_FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(),
    type: (el.getAttribute('type') || '').toLowerCase(),
    role: el.getAttribute('role') || '',
    name: el.getAttribute('name') || '',
    href: el.getAttribute('href') || '',
    text: (el.textContent || '').trim().slice(0, 60),
    inSearch: Boolean(el.closest('search, [role=search]')),
    focusVisible: el.matches(':focus-visible') && Boolean(outline || shadow),
    inViewport: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0
      && r.top < innerHeight && r.left < innerWidth,
    target: el.hash ? Boolean(document.getElementById(decodeURIComponent(el.hash.slice(1)))) : null,
  };
}
"""


def structure_problems(page: Page) -> list[str]:
    """Headings, labels, names and text alternatives of the page."""
    result: list[str] = page.evaluate(_STRUCTURE_JS)
    return result


def contrast_problems(page: Page) -> list[str]:
    """Text (body, links, every element with its own text) below the WCAG AA ratio.

    SVG text is not checked (see the comment in the script).
    """
    result: list[str] = page.evaluate(_CONTRAST_JS, [NORMAL_TEXT_RATIO, LARGE_TEXT_RATIO])
    return result


def focused(page: Page) -> dict[str, Any] | None:
    """What has keyboard focus, and whether its focus indicator shows."""
    result: dict[str, Any] | None = page.evaluate(_FOCUS_JS)
    return result


def is_search_box(info: dict[str, Any]) -> bool:
    """True for the site's search field."""
    return info["tag"] == "input" and (
        info["type"] == "search" or info["role"] == "searchbox" or bool(info["inSearch"])
    )
