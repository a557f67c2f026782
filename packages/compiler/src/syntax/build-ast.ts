// CST → AST: takes the parser's concrete syntax tree (possibly partial after syntax errors),
// produces the AST of ast.ts. Every node gets an exact span; a missing expression becomes a
// `Missing` node and a missing name an Identifier with name '', both marked `recovered`.

import type { CstNode, IToken } from 'chevrotain';
import type * as ast from './ast.js';
import type { Span } from './source.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Messages } from '../diagnostics/messages.js';
import { decodeString } from './lexer.js';
import {
  buildExpression,
  cover,
  firstNode,
  identifier,
  nodes,
  nodeSpan,
  realToken,
  realTokens,
  tokenEnd,
  tokenSpan,
} from './build-expr.js';
import type { DocComments } from './doc-comments.js';
import { buildEnsembleDecl } from './build-ensemble.js';

type DeclarationRule =
  | 'importDecl'
  | 'constDecl'
  | 'modelDecl'
  | 'blockDecl'
  | 'trainDecl'
  | 'ensembleDecl'
  | 'searchDecl';
const declarationRules: DeclarationRule[] = [
  'importDecl',
  'constDecl',
  'modelDecl',
  'blockDecl',
  'trainDecl',
  'ensembleDecl',
  'searchDecl',
];

const keywordOf: Record<DeclarationRule, string> = {
  importDecl: 'Import',
  constDecl: 'Const',
  modelDecl: 'Model',
  blockDecl: 'Block',
  trainDecl: 'Train',
  ensembleDecl: 'Ensemble',
  searchDecl: 'Search',
};

const misplacedWhat: Record<DeclarationRule, string> = {
  importDecl: 'an `import`',
  constDecl: 'a `const` declaration',
  modelDecl: 'a `model` declaration',
  blockDecl: 'a `block` declaration',
  trainDecl: 'a `train` run',
  ensembleDecl: 'an `ensemble` declaration',
  searchDecl: 'a `search`',
};

const statementsOutside: [rule: string, keyword: string, what: string][] = [
  ['inputStatement', 'Input', 'an `input`'],
  ['outputStatement', 'Output', 'an `output`'],
  ['repeatStatement', 'Repeat', 'a `repeat`'],
];

export class AstBuilder {
  /** Declarations found inside a body: reported, then kept at the top level so nothing is lost. */
  private readonly hoisted: ast.Declaration[] = [];
  /** How many `search` declarations are being built around the current node (0 or 1). */
  private searchDepth = 0;

  constructor(
    private readonly bag: DiagnosticBag,
    private readonly docs: DocComments,
  ) {}

  file(cst: CstNode, path: string, length: number, comments: ast.Comment[]): ast.SourceFile {
    const declarations: ast.Declaration[] = [];
    for (const declaration of nodes(cst, 'declaration')) {
      const inner = this.declarationNode(declaration);
      const built = inner && this.declaration(inner);
      if (built) declarations.push(built);
      declarations.push(...this.hoisted.splice(0));
      if (!inner) this.reportStatementOutside(declaration);
    }
    return { kind: 'File', span: { start: 0, end: length }, path, declarations, comments };
  }

  private declarationNode(parent: CstNode): CstNode | undefined {
    for (const rule of declarationRules) {
      const node = firstNode(parent, rule);
      if (node) return node;
    }
    return undefined;
  }

  private declaration(node: CstNode): ast.Declaration | undefined {
    switch (node.name) {
      case 'importDecl':
        return this.importDecl(node);
      case 'constDecl':
        return this.constDecl(node);
      case 'modelDecl':
      case 'blockDecl':
        return this.modelOrBlock(node);
      case 'trainDecl':
        return this.trainDecl(node);
      case 'ensembleDecl': {
        const built = buildEnsembleDecl(node, this.bag, this);
        return built && withRecovered(node, this.withDoc(built.decl, built.keyword));
      }
      case 'searchDecl':
        return this.searchDecl(node);
      default:
        return undefined;
    }
  }

  private importDecl(node: CstNode): ast.ImportDecl | undefined {
    const keyword = realToken(node, 'Import');
    if (!keyword) return undefined;
    const token = realToken(node, 'StringLiteral');
    const path: ast.StringLiteral = token
      ? {
          kind: 'String',
          span: tokenSpan(token),
          value: decodeString(token.image).value,
          raw: token.image,
        }
      : { kind: 'String', span: emptyAt(tokenEnd(keyword)), value: '', raw: '', recovered: true };
    return withRecovered(node, {
      kind: 'Import',
      span: cover(tokenSpan(keyword), path.span),
      path,
    });
  }

  private constDecl(node: CstNode): ast.ConstDecl | undefined {
    const keyword = realToken(node, 'Const');
    if (!keyword) return undefined;
    const name = identifier(realToken(node, 'Identifier'), tokenEnd(keyword));
    const equals = realToken(node, 'Equals');
    const value = buildExpression(
      firstNode(node, 'expression'),
      equals ? tokenEnd(equals) : name.span.end,
      this,
    );
    const decl: ast.ConstDecl = {
      kind: 'Const',
      span: cover(tokenSpan(keyword), name.span, value.span),
      name,
      value,
    };
    return withRecovered(node, this.withDoc(decl, keyword));
  }

  private modelOrBlock(node: CstNode): ast.ModelDecl | ast.BlockDecl | undefined {
    const isModel = node.name === 'modelDecl';
    const keyword = realToken(node, isModel ? 'Model' : 'Block');
    if (!keyword) return undefined;
    const name = identifier(realToken(node, 'Identifier'), tokenEnd(keyword));
    const params = this.parameters(firstNode(node, 'parameterList'));
    const body = this.statements(node, isModel ? 'inside a model' : 'inside a block');
    const span = cover(tokenSpan(keyword), nodeSpan(node));
    const decl: ast.ModelDecl | ast.BlockDecl = isModel
      ? { kind: 'Model', span, name, params, body }
      : { kind: 'Block', span, name, params, body };
    return withRecovered(node, this.withDoc(decl, keyword));
  }

  private parameters(list: CstNode | undefined): ast.Parameter[] {
    const params: ast.Parameter[] = [];
    for (const node of nodes(list, 'parameter')) {
      const token = realToken(node, 'Identifier');
      if (!token) continue;
      const name = identifier(token, 0);
      const equals = realToken(node, 'Equals');
      const valueNode = firstNode(node, 'expression');
      const param: ast.Parameter = { kind: 'Parameter', span: name.span, name };
      if (equals || valueNode) {
        param.default = buildExpression(valueNode, equals ? tokenEnd(equals) : name.span.end, this);
        param.span = cover(name.span, param.default.span);
      }
      params.push(withRecovered(node, param));
    }
    return params;
  }

  private trainDecl(node: CstNode): ast.TrainDecl | undefined {
    const keyword = realToken(node, 'Train');
    if (!keyword) return undefined;
    const model = identifier(realToken(node, 'model'), tokenEnd(keyword));
    const decl: ast.TrainDecl = {
      kind: 'Train',
      span: cover(tokenSpan(keyword), nodeSpan(node)),
      model,
      fields: this.fields(node),
    };
    const as = realToken(node, 'As');
    if (as) decl.runName = identifier(realToken(node, 'runName'), tokenEnd(as));
    const extendsKeyword = realToken(node, 'Extends');
    if (extendsKeyword) decl.base = identifier(realToken(node, 'base'), tokenEnd(extendsKeyword));
    return withRecovered(node, this.withDoc(decl, keyword));
  }

  private searchDecl(node: CstNode): ast.SearchDecl | undefined {
    const keyword = realToken(node, 'Search');
    if (!keyword) return undefined;
    const name = identifier(realToken(node, 'name'), tokenEnd(keyword));
    const over = realToken(node, 'over');
    if (over) this.expectWord(over, 'over', '`over` and the train run to search');
    const run = identifier(realToken(node, 'run'), over ? tokenEnd(over) : name.span.end);
    this.searchDepth++;
    const entries: ast.SearchEntry[] = [];
    for (const entry of nodes(node, 'searchEntry')) {
      const token = realToken(entry, 'name');
      if (!token) continue;
      const key = identifier(token, 0);
      const inWord = realToken(entry, 'in');
      if (inWord) this.expectWord(inWord, 'in', '`in` or `=`');
      const operator = realToken(entry, 'Equals') ?? inWord;
      const value = buildExpression(
        firstNode(entry, 'expression'),
        operator ? tokenEnd(operator) : key.span.end,
        this,
      );
      entries.push(
        withRecovered(entry, {
          kind: 'SearchEntry',
          span: cover(key.span, value.span),
          name: key,
          operator: inWord ? 'in' : '=',
          value,
        }),
      );
    }
    this.searchDepth--;
    const decl: ast.SearchDecl = {
      kind: 'Search',
      span: cover(tokenSpan(keyword), nodeSpan(node)),
      name,
      run,
      entries,
    };
    return withRecovered(node, this.withDoc(decl, keyword));
  }

  /** A contextual word (`over`, `in`) read as a name: anything else there is a syntax error. */
  private expectWord(token: IToken, word: string, expected: string): void {
    if (token.image === word) return;
    this.bag.report(Messages.UnexpectedToken, tokenSpan(token), {
      expected,
      found: `\`${token.image}\``,
    });
  }

  /** The `field` children of a train run, `with` clause or object. */
  fields(node: CstNode): ast.Field[] {
    const fields: ast.Field[] = [];
    for (const field of nodes(node, 'field')) {
      const token = realToken(field, 'Identifier');
      if (!token) continue;
      const name = identifier(token, 0);
      const equals = realToken(field, 'Equals');
      const value = buildExpression(
        firstNode(field, 'expression'),
        equals ? tokenEnd(equals) : name.span.end,
        this,
      );
      fields.push(
        withRecovered(field, { kind: 'Field', span: cover(name.span, value.span), name, value }),
      );
    }
    return fields;
  }

  // --- Statements ------------------------------------------------------------------------------

  private statements(parent: CstNode, where: string): ast.Statement[] {
    const body: ast.Statement[] = [];
    for (const statement of nodes(parent, 'statement')) {
      const built = this.statement(statement, where);
      if (built) body.push(built);
    }
    return body;
  }

  private statement(node: CstNode, where: string): ast.Statement | undefined {
    const input = firstNode(node, 'inputStatement');
    if (input) return this.inputStatement(input);
    const output = firstNode(node, 'outputStatement');
    if (output) return this.outputStatement(output);
    const repeat = firstNode(node, 'repeatStatement');
    if (repeat) return this.repeatStatement(repeat, where);
    const flow = firstNode(node, 'flowStatement');
    if (flow) return this.flowStatement(flow);
    const nested = firstNode(node, 'nestedDeclaration');
    const declaration = nested && this.declarationNode(nested);
    if (declaration) {
      this.reportMisplaced(declaration, where);
      const built = this.declaration(declaration);
      if (built) this.hoisted.push({ ...built, recovered: true });
    }
    return undefined;
  }

  /** `input`, `output` or `repeat` at the top level: reported and left out. */
  private reportStatementOutside(declaration: CstNode): void {
    for (const [rule, key, what] of statementsOutside) {
      const node = firstNode(declaration, rule);
      const keyword = node && realToken(node, key);
      if (!node || !keyword) continue;
      const name = rule === 'inputStatement' ? realToken(node, 'Identifier') : undefined;
      this.bag.report(
        Messages.MisplacedDeclaration,
        cover(tokenSpan(keyword), name && tokenSpan(name)),
        { what, where: 'outside a model or block' },
        { help: 'move it into the body of a model or block' },
      );
    }
  }

  private reportMisplaced(node: CstNode, where: string): void {
    const rule = node.name as DeclarationRule;
    const keyword = realToken(node, keywordOf[rule]);
    if (!keyword) return;
    const name = realToken(
      node,
      node.name === 'trainDecl' ? 'model' : node.name === 'ensembleDecl' ? 'name' : 'Identifier',
    );
    const span = cover(tokenSpan(keyword), name ? tokenSpan(name) : undefined);
    this.bag.report(
      Messages.MisplacedDeclaration,
      span,
      { what: misplacedWhat[rule], where },
      { help: 'move it to the top level of the file, outside any model or block' },
    );
  }

  private inputStatement(node: CstNode): ast.InputStatement | undefined {
    const keyword = realToken(node, 'Input');
    if (!keyword) return undefined;
    const name = identifier(realToken(node, 'Identifier'), tokenEnd(keyword));
    const last = realToken(node, 'Int') ?? realToken(node, 'Float') ?? realToken(node, 'Colon');
    const shape = buildExpression(
      firstNode(node, 'expression'),
      last ? tokenEnd(last) : name.span.end,
      this,
    );
    const statement: ast.InputStatement = {
      kind: 'Input',
      span: cover(tokenSpan(keyword), name.span, shape.span),
      name,
      dtype: realToken(node, 'Int') ? 'int' : 'float',
      shape,
    };
    return withRecovered(node, this.withDoc(statement, keyword));
  }

  private outputStatement(node: CstNode): ast.OutputStatement | undefined {
    const keyword = realToken(node, 'Output');
    if (!keyword) return undefined;
    const names = realTokens(node, 'Identifier').map((token) => identifier(token, 0));
    const span = cover(tokenSpan(keyword), ...names.map((name) => name.span));
    return withRecovered(node, { kind: 'Output', span, names });
  }

  private repeatStatement(node: CstNode, where: string): ast.RepeatStatement | undefined {
    const keyword = realToken(node, 'Repeat');
    if (!keyword) return undefined;
    const countNode = firstNode(node, 'expression');
    const open = realToken(node, 'LCurly');
    if (!countNode && open) {
      this.bag.report(Messages.UnexpectedToken, tokenSpan(open), {
        expected: 'a repeat count',
        found: '"{"',
      });
    }
    const count = buildExpression(countNode, tokenEnd(keyword), this);
    const body = this.statements(node, where);
    const span = cover(tokenSpan(keyword), nodeSpan(node));
    return withRecovered(node, { kind: 'Repeat', span, count, body });
  }

  private flowStatement(node: CstNode): ast.FlowStatement | undefined {
    const steps: ast.Step[] = [];
    for (const stepNode of nodes(node, 'step')) {
      const step = this.step(stepNode);
      if (step) steps.push(step);
    }
    const targetToken = realToken(node, 'target');
    if (steps.length === 0 && !targetToken) return undefined;
    const target = targetToken && identifier(targetToken, 0);
    const span = cover(target?.span, ...steps.map((step) => step.span));
    const flow: ast.FlowStatement = { kind: 'Flow', span, steps };
    if (target) flow.target = target;
    const sharedToken = realToken(node, 'shared');
    if (sharedToken) {
      flow.shared = { span: tokenSpan(sharedToken) };
      flow.span = cover(flow.shared.span, flow.span);
    }
    return withRecovered(node, flow);
  }

  private step(node: CstNode): ast.Step | undefined {
    const token = realToken(node, 'Identifier');
    if (!token) return undefined;
    const callee = identifier(token, 0);
    const step: ast.Step = { kind: 'Step', span: callee.span, callee };
    const argumentList = firstNode(node, 'argumentList');
    if (argumentList) step.args = this.arguments(argumentList);
    const withNode = firstNode(node, 'withClause');
    const withKeyword = withNode && realToken(withNode, 'With');
    if (withNode && withKeyword) {
      const span = cover(tokenSpan(withKeyword), nodeSpan(withNode));
      step.with = withRecovered(withNode, { kind: 'With', span, fields: this.fields(withNode) });
    }
    step.span = cover(callee.span, argumentList && nodeSpan(argumentList), step.with?.span);
    return withRecovered(node, step);
  }

  /** The arguments of `(…)`, for steps and for calls in expressions. */
  arguments(list: CstNode): ast.Argument[] {
    const args: ast.Argument[] = [];
    for (const node of nodes(list, 'argument')) {
      const nameToken = realToken(node, 'name');
      const valueNode = firstNode(node, 'expression');
      // The argument's own text: its comma belongs to the list.
      const span = cover(nameToken && tokenSpan(nameToken), nodeSpan(valueNode));
      if (span.end <= span.start) continue;
      const equals = realToken(node, 'Equals') ?? realToken(node, 'in');
      const value = buildExpression(valueNode, equals ? tokenEnd(equals) : span.start, this);
      const argument: ast.Argument = { kind: 'Argument', span: cover(span, value.span), value };
      if (nameToken) argument.name = identifier(nameToken, 0);
      const inWord = realToken(node, 'in');
      if (inWord) {
        this.expectWord(inWord, 'in', '`=` or `in`');
        argument.searched = true;
        if (this.searchDepth === 0)
          this.bag.report(
            Messages.SearchedArgumentOutsideSearch,
            cover(argument.name?.span, tokenSpan(inWord)),
            {
              name: nameToken?.image ?? '',
            },
          );
      }
      args.push(withRecovered(node, argument));
    }
    return args;
  }

  private withDoc<T extends { doc?: string }>(node: T, keyword: IToken): T {
    const doc = this.docs.before(keyword.startOffset);
    if (doc !== undefined) node.doc = doc;
    return node;
  }
}

function emptyAt(offset: number): Span {
  return { start: offset, end: offset };
}

/** Marks `built` as rebuilt after a syntax error when its CST node was. */
function withRecovered<T extends ast.Node>(cst: CstNode, built: T): T {
  if (cst.recoveredNode) built.recovered = true;
  return built;
}
