// CST → AST for `ensemble Name = method(args) of Learner` (or `of Learner(args)`): takes the
// parser's ensembleDecl node, produces an EnsembleDecl. `of` is read as a name and must be spelled
// `of`; anything else there is one syntax error (NN1001) naming what was found, still built.

import type { CstNode, IToken } from 'chevrotain';
import type * as ast from './ast.js';
import type { DiagnosticBag, TextEdit } from '../diagnostics/diagnostic.js';
import type { Span } from './source.js';
import { Messages } from '../diagnostics/messages.js';
import {
  buildExpression,
  cover,
  firstNode,
  identifier,
  nodeSpan,
  realToken,
  tokenEnd,
  tokenSpan,
  type NestedBuilders,
} from './build-expr.js';

export function buildEnsembleDecl(
  node: CstNode,
  bag: DiagnosticBag,
  nested: NestedBuilders,
): { decl: ast.EnsembleDecl; keyword: IToken } | undefined {
  const keyword = realToken(node, 'Ensemble');
  if (!keyword) return undefined;
  const name = identifier(realToken(node, 'name'), tokenEnd(keyword));
  const equals = realToken(node, 'Equals');
  const method = buildExpression(
    firstNode(node, 'expression'),
    equals ? tokenEnd(equals) : name.span.end,
    nested,
  );
  const of = realToken(node, 'of');
  const learnerToken = realToken(node, 'learner');
  let learner: ast.Identifier;
  if (of && of.image !== 'of' && !learnerToken) {
    // `adaboost(…) Perceptron`: the learner is there, `of` is not.
    learner = identifier(of, 0);
    report(bag, learner.span, `\`${of.image}\``, `write \`of ${of.image}\``, {
      span: { start: learner.span.start, end: learner.span.start },
      newText: 'of ',
    });
  } else {
    if (of && of.image !== 'of')
      report(bag, tokenSpan(of), `\`${of.image}\``, 'write `of`', {
        span: tokenSpan(of),
        newText: 'of',
      });
    learner = identifier(learnerToken, of ? tokenEnd(of) : method.span.end);
    if (of && !learnerToken)
      bag.report(Messages.UnexpectedToken, learner.span, {
        expected: 'the weak learner, a model name (`of Perceptron`)',
        found: 'the end of the line',
      });
  }
  const decl: ast.EnsembleDecl = {
    kind: 'Ensemble',
    span: cover(tokenSpan(keyword), nodeSpan(node)),
    name,
    method,
    learner,
  };
  const argumentList = firstNode(node, 'learnerArguments');
  if (argumentList && learnerToken)
    decl.learnerCall = {
      kind: 'Call',
      span: cover(learner.span, nodeSpan(argumentList)),
      callee: learner,
      args: nested.arguments(argumentList),
      ...(argumentList.recoveredNode ? { recovered: true } : {}),
    };
  return { decl, keyword };
}

function report(bag: DiagnosticBag, span: Span, found: string, title: string, edit: TextEdit) {
  bag.report(
    Messages.UnexpectedToken,
    span,
    { expected: '`of` and the weak learner (`adaboost(…) of Perceptron`)', found },
    { fixes: [{ title, edits: [edit] }] },
  );
}
