// Wording of syntax errors: takes what Chevrotain reports (the rule, the expected token, the token
// before), produces the "expected …" half of an UnexpectedToken message in the user's terms. No
// parser jargon reaches the user: every phrase here names a piece of the .nnet language.

import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as t from './tokens.js';

/** What `ruleName` expects when the token `expected` is missing. */
function expectedToken(
  expected: TokenType,
  ruleName: string,
  previous: IToken | undefined,
): string {
  switch (expected) {
    case t.Identifier:
      switch (ruleName) {
        case 'constDecl':
          return 'a name for the constant';
        case 'modelDecl':
          return 'a name for the model';
        case 'blockDecl':
          return 'a name for the block';
        case 'trainDecl':
          return previous?.tokenType === t.As
            ? 'a name for the run after "as"'
            : 'the name of the model to train';
        case 'parameter':
          return 'a parameter name';
        case 'inputStatement':
          return 'a name for the input';
        case 'outputStatement':
          return 'the name of a value to output';
        case 'field':
          return 'a field name';
        default:
          return 'a layer or a named value';
      }
    case t.LCurly:
      switch (ruleName) {
        case 'repeatStatement':
          return '"{" after the repeat count';
        case 'withClause':
          return '"{" after "with"';
        case 'trainDecl':
          return '"{" to start the train settings';
        case 'blockDecl':
          return '"{" to start the body of the block';
        default:
          return '"{" to start the body of the model';
      }
    case t.RCurly:
      switch (ruleName) {
        case 'blockDecl':
          return 'a statement or "}" to close the block';
        case 'repeatStatement':
          return 'a statement or "}" to close the repeat';
        case 'trainDecl':
          return 'a setting ("name = value") or "}" to close the train run';
        case 'withClause':
          return 'a field ("name = value") or "}" to close the with clause';
        case 'objectExpr':
          return 'a field ("name = value") or "}" to close the object';
        default:
          return 'a statement or "}" to close the model';
      }
    case t.RParen:
      switch (ruleName) {
        case 'parameterList':
          return '")" to close the parameter list';
        case 'parenExpr':
          return '")" to close the parenthesis';
        default:
          return '")" to close the argument list';
      }
    case t.RBracket:
      return '"]" to close the list';
    case t.Equals:
      if (ruleName === 'constDecl') return '"=" after the name of the constant';
      if (ruleName === 'field') return '"=" after the field name';
      return '"="';
    case t.Colon:
      return '":" and a shape after the input name';
    case t.StringLiteral:
      return 'the path of the file to import, in quotes';
    case EOF:
      return 'a declaration ("model", "block", "train", "const" or "import")';
    default:
      return typeof expected.LABEL === 'string' ? expected.LABEL : `"${expected.name}"`;
  }
}

/** What `ruleName` expects when none of its alternatives fits. */
function expectedAlternative(ruleName: string, previous: IToken | undefined): string {
  switch (ruleName) {
    // The one choice these rules can fail is how their line ends.
    case 'declaration':
      return 'a newline after the declaration';
    case 'statement':
      return 'a newline or ";" after the statement';
    case 'field':
      return '"," or a newline after the field';
    case 'argument':
      return '"," or ")" after the argument';
    case 'nestedDeclaration':
      return 'a statement';
    default: {
      const before = previous?.tokenType;
      if (before === t.Colon || before === t.Int || before === t.Float)
        return 'a shape such as [28, 28]';
      if (before === t.Repeat) return 'a repeat count';
      return 'a value';
    }
  }
}

export const syntaxErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName, previous }) =>
    expectedToken(expected, ruleName, previous),
  buildNotAllInputParsedMessage: () => expectedToken(EOF, 'file', undefined),
  buildNoViableAltMessage: ({ ruleName, previous }) => expectedAlternative(ruleName, previous),
  buildEarlyExitMessage: ({ ruleName, previous }) => expectedAlternative(ruleName, previous),
};

const maxShownLength = 40;

/** The found half of an UnexpectedToken message: `"foo"`, `a number`, `a newline`, `end of file`. */
export function describeFound(token: IToken): string {
  const type = token.tokenType;
  if (type === EOF) return 'end of file';
  if (type === t.Newline) return 'a newline';
  if (type === t.NumberLiteral) return 'a number';
  if (type === t.ClosedString || type === t.UnterminatedString) return 'a string';
  const image =
    token.image.length > maxShownLength ? `${token.image.slice(0, maxShownLength)}…` : token.image;
  return `"${image}"`;
}
