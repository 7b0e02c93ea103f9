import { DELETION_CLOSE, DELETION_OPEN } from '../../core/texts/deletion-marks.js';

/** Destinations whose content is not document text (font tables, pictures, headers, metadata). */
const SKIP_DESTINATIONS = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'header', 'headerl', 'headerr', 'headerf', 'footer', 'footerl', 'footerr',
  'footerf', 'footnote', 'object', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'xmlnstbl', 'themedata', 'colorschememapping',
  'latentstyles', 'datastore', 'filetbl', 'revtbl', 'pgdsctbl', 'fldinst', 'bkmkstart', 'bkmkend', 'docvar',
]);
const CP1252: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—', 0xa7: '§', 0xa0: ' ' };

type State = { skip: boolean; strike: boolean; uc: number };

/**
 * Returns the text of an RTF document (Legistar's `MatterTextRtf`, Word's RTF export):
 * paragraphs and line breaks kept, `\'hh` and `\uN` characters decoded, font tables,
 * pictures, headers and footers left out, and struck-through runs (`\strike`,
 * `\striked1`, tracked `\deleted`) wrapped in deletion marks so they never count as law.
 * Never throws: what is not RTF comes back as it was.
 */
export function extractRtfText(rtf: string): string {
  if (!rtf.trimStart().startsWith('{\\rtf')) return rtf;
  const out: string[] = [];
  const stack: State[] = [];
  let state: State = { skip: false, strike: false, uc: 1 };
  let struck = false;
  let pendingSkip = 0;
  const emit = (t: string): void => {
    if (state.skip || t === '') return;
    if (state.strike !== struck) { out.push(state.strike ? DELETION_OPEN : DELETION_CLOSE); struck = state.strike; }
    out.push(t);
  };
  let i = 0;
  while (i < rtf.length) {
    const c = rtf[i];
    if (c === '{') { stack.push(state); state = { ...state }; i++; continue; }
    if (c === '}') { state = stack.pop() ?? state; i++; continue; }
    if (c === '\r' || c === '\n') { i++; continue; }
    if (c !== '\\') {
      if (pendingSkip > 0) { pendingSkip--; i++; continue; }
      emit(c); i++; continue;
    }
    const next = rtf[i + 1] ?? '';
    if (next === '\\' || next === '{' || next === '}') { emit(next); i += 2; continue; }
    if (next === '*') { state.skip = true; i += 2; continue; }
    if (next === "'") {
      const code = parseInt(rtf.slice(i + 2, i + 4), 16);
      if (pendingSkip > 0) pendingSkip--; else emit(CP1252[code] ?? String.fromCharCode(code));
      i += 4; continue;
    }
    if (next === '~') { emit(' '); i += 2; continue; }
    if (next === '-' || next === '_') { i += 2; continue; }
    const m = /^\\([a-zA-Z]+)(-?\d+)? ?/.exec(rtf.slice(i, i + 40));
    if (!m) { i += 2; continue; }
    i += m[0].length;
    const word = m[1];
    const arg = m[2] === undefined ? null : Number(m[2]);
    if (SKIP_DESTINATIONS.has(word)) { state.skip = true; continue; }
    switch (word) {
      case 'par': case 'line': case 'sect': case 'page': case 'row': emit('\n'); if (word !== 'line') emit('\n'); break;
      case 'tab': case 'cell': emit(' '); break;
      case 'strike': case 'strikedl': case 'striked': case 'deleted': state.strike = arg !== 0; break;
      case 'plain': state.strike = false; break;
      case 'uc': state.uc = arg ?? 1; break;
      case 'u': emit(String.fromCharCode(arg !== null && arg < 0 ? arg + 65536 : arg ?? 63)); pendingSkip = state.uc; break;
      case 'emdash': emit('—'); break;
      case 'endash': emit('–'); break;
      case 'lquote': emit('‘'); break;
      case 'rquote': emit('’'); break;
      case 'ldblquote': emit('“'); break;
      case 'rdblquote': emit('”'); break;
      case 'bullet': emit('•'); break;
      default: break;
    }
  }
  if (struck) out.push(DELETION_CLOSE);
  return out.join('');
}
