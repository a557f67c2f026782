// Python source text from compiler values: string literals (every user string goes through
// `pyString`, never spliced raw), numbers, lists, comments with user text made inert, and
// identifiers made from layer names that never clash with Python keywords or nn.Module members.

import type { ArgValue } from '../../catalogue/types.js';

/** A double-quoted Python literal for any string: escapes, and only printable ASCII inside. */
export function pyString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code >= 0x20 && code < 0x7f) out += char;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

/** A Python float or int literal; non-finite values as float("inf") / float("nan"). */
export function pyNumber(value: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : '-float("inf")';
  return String(value);
}

/** A float literal that stays a float in Python (`1.0`, not `1`). */
export function pyFloat(value: number): string {
  const text = pyNumber(value);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** Any checked argument value as a Python literal (lists, dicts, True/False). */
export function pyValue(value: ArgValue | undefined | null): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map((item) => pyValue(item as ArgValue)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, ArgValue>);
  return `{${entries.map(([key, item]) => `${pyString(key)}: ${pyValue(item)}`).join(', ')}}`;
}

/** A tuple literal of whole numbers: `(3, 3)`, `(10,)`. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** User text for a `#` comment: no line breaks or control characters can end the comment. */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

const keywords = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(
    ' ',
  ),
);

/** Members of nn.Module (torch 1.13) that a submodule attribute must not shadow. */
const moduleMembers = new Set(
  'T_destination add_module apply bfloat16 buffers children cpu cuda double dump_patches eval extra_repr float forward get_buffer get_extra_state get_parameter get_submodule half ipu load_state_dict modules named_buffers named_children named_modules named_parameters parameters register_backward_hook register_buffer register_forward_hook register_forward_pre_hook register_full_backward_hook register_load_state_dict_post_hook register_module register_parameter requires_grad_ set_extra_state share_memory state_dict to to_empty train training type xpu zero_grad'.split(
    ' ',
  ),
);

/** Names the generated model and forward use themselves. */
const generatedNames = new Set([
  'self',
  'torch',
  'nn',
  'F',
  'nl',
  'logits',
  'nnet_weights',
  'nnet_kernels',
  'nnet_inputs',
  'nnet_checkpoint',
  'super',
  'print',
  'len',
  'range',
  'list',
  'tuple',
  'dict',
  'float',
]);

/** Hands out distinct Python identifiers made from layer and value names. */
export class IdentifierPool {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.used.add(name);
  }

  /** `ResidualDense_1/h` → `ResidualDense_1_h`; a keyword, member or taken name gets `_2`, `_3`, … */
  take(name: string): string {
    let base = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+$/, '') || 'value';
    if (/^[0-9]/.test(base)) base = `v_${base}`;
    if (base.startsWith('_')) base = `v${base}`;
    const blocked = (candidate: string) =>
      this.used.has(candidate) ||
      keywords.has(candidate) ||
      moduleMembers.has(candidate) ||
      generatedNames.has(candidate);
    let candidate = base;
    for (let n = 2; blocked(candidate); n++) candidate = `${base}_${n}`;
    this.used.add(candidate);
    return candidate;
  }
}

/**
 * Python's builtins, and the modules and top-level names the generated files import or define: a
 * model's class or package named after one would shadow it (`torch`, `__name__`, `print`, `main`).
 */
const pythonNames = new Set(
  (
    'ArithmeticError AssertionError AttributeError BaseException Ellipsis Exception False None ' +
    'NotImplemented True abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable ' +
    'chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec ' +
    'exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance ' +
    'issubclass iter len license list locals map max memoryview min next object oct open ord pow ' +
    'print property quit range repr reversed round set setattr slice sorted staticmethod str sum ' +
    'super tuple type vars zip argparse csv gzip json math numpy np os re struct sys time torch ' +
    'torchvision dist nn F DistributedDataParallel BatchSampler DistributedSampler nnet_checkpoint ' +
    'nnet_data model penalty train_step evaluate prepare split higher_is_better describe parse_args main'
  ).split(' '),
);

/** Dunder names (`__name__`, `__main__`) and names Python treats as private. */
const isUnderscored = (name: string) => name.startsWith('_');

/** `SineFit` → `sine_fit`: the package folder of a model. */
export function snakeCase(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase();
  const safe = /^[0-9]/.test(snake) || isUnderscored(snake) ? `model_${snake}` : snake;
  return keywords.has(safe) || pythonNames.has(safe) ? `${safe}_model` : safe;
}

/** A class name for the model: the .nnet name when it is a usable identifier. */
export function className(name: string): string {
  const base = name.replace(/[^A-Za-z0-9_]/g, '_');
  const safe = /^[0-9]/.test(base) || isUnderscored(base) ? `Model${base}` : base || 'Model';
  return keywords.has(safe) || generatedNames.has(safe) || pythonNames.has(safe)
    ? `${safe}Model`
    : safe;
}
