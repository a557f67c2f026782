// The snippets of whole declarations and clauses, offered by completion only where they fit (a model
// at the top level, never inside `train { }`): one place for them, instead of editor-wide snippets
// that every position of the file would show.

export interface Snippet {
  label: string;
  detail: string;
  body: string;
}

/** Declarations, offered at the start of a top-level line. */
export const declarationSnippets: readonly Snippet[] = [
  {
    label: 'model',
    detail: 'a model: one input, layers, an output layer',
    body: '/// ${1:What the model does.}\nmodel ${2:Name} {\n\tinput ${3:x}: [${4:784}]\n\t${5:dense(${6:128}, relu)}\n\tdense(${7:10}, ${8:softmax})\n}\n$0',
  },
  {
    label: 'model with parameters',
    detail: 'a model with parameters and defaults: model Mlp(hidden = 100, depth = 3)',
    body: '/// ${1:What the model does.}\nmodel ${2:Mlp}(${3:hidden} = ${4:100}, ${5:depth} = ${6:3}) {\n\tinput ${7:x}: [${8:784}]\n\trepeat ${5:depth} {\n\t\tdense(${3:hidden}, relu)\n\t}\n\tdense(${9:10}, ${10:softmax})\n}\n$0',
  },
  {
    label: 'block',
    detail: 'a reusable sub-network; `in` is its input value',
    body: '/// ${1:What the block computes.}\nblock ${2:Name}(${3:width}) {\n\t${4:h = dense(${3:width}, relu) -> dense(${3:width})}\n\t${5:add(in, h) -> relu}\n}\n$0',
  },
  {
    label: 'conv block',
    detail: 'convolution → batch normalisation → ReLU → 2×2 max pooling, as a block',
    body: '/// Convolution ("same" padding) → batch normalisation → ReLU → 2×2 max pooling.\nblock ${1:ConvBlock}(filters, kernel = ${2:3}) {\n\tconv2d(filters, kernel = kernel, padding = "same") -> batchnorm -> relu\n\tmaxpool2d(2)\n}\n$0',
  },
  {
    label: 'train',
    detail: 'a train run: data, loss, optimizer, batch size, epochs',
    body: 'train ${1:Model} {\n\tdata = ${2:mnist}\n\tloss = ${3:cross_entropy}\n\toptimizer = ${4:adam}\n\tbatch = ${5:32}\n\tepochs = ${6:10}\n\tmetrics = [${7:accuracy}]\n\tseed = ${8:42}\n}\n$0',
  },
  {
    label: 'train as',
    detail: 'a named train run (several runs for one model; pick one with --run)',
    body: 'train ${1:Model} as ${2:run_name} {\n\tdata = ${3:mnist}\n\tloss = ${4:cross_entropy}\n\toptimizer = ${5:sgd(lr = ${6:0.1}, momentum = ${7:0.9})}\n\tbatch = ${8:32}\n\tepochs = ${9:10}\n\tsplit = [${10:0.8}, ${11:0.1}, ${12:0.1}]\n\tearly_stop = { monitor = ${13:val_loss}, patience = ${14:3} }\n}\n$0',
  },
  {
    label: 'const',
    detail: 'a compile-time constant',
    body: '/// ${1:What it is.}\nconst ${2:hidden} = ${3:100}$0',
  },
  {
    label: 'import',
    detail: 'import the models and blocks of another file',
    body: 'import "${1:blocks.nnet}"$0',
  },
];

/** `with { … }` clauses, offered after a layer. */
export const withSnippets: readonly Snippet[] = [
  {
    label: 'with',
    detail: 'set a weight, an initializer or freeze the layer',
    body: 'with { ${1:weights} = $0 }',
  },
  {
    label: 'with weights',
    detail: 'fixed or initial weights, written [inputs][units] (x · W + b)',
    body: 'with { weights = [[${1:1}, ${2:1}], [${3:1}, ${4:1}]], bias = [${5:0}, ${6:-1}] }$0',
  },
  {
    label: 'with load',
    detail: 'initial weights loaded from a safetensors file',
    body: 'with { weights = load("${1:weights.safetensors}", "${2:dense.kernel}") }$0',
  },
  {
    label: 'with init',
    detail: 'an initializer, and whether the layer trains',
    body: 'with { init = ${1:he_normal}${2:, trainable = ${3:false}} }$0',
  },
];
