import { CstParser, tokenMatcher, type CstNode, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.js";
import { RelErrorMessages, type ParseContext } from "./messages.js";

/** Syntax errors reported per file; parsing stops at the next one (docs/language.md, "Limits"). */
export const MAX_SYNTAX_ERRORS = 100;

/** Thrown past Chevrotain's recovery (it is no recognition exception) to end a hopeless parse early. */
export class TooManySyntaxErrors extends Error {
  constructor(readonly token: IToken) {
    super("too many syntax errors");
  }
}

/** One parse: the CST (absent when it was stopped) and every recognition error recorded. */
export interface ParseRun {
  readonly cst?: CstNode;
  readonly errors: readonly IRecognitionException[];
  /** Set when MAX_SYNTAX_ERRORS ended the parse early: the token it stopped at. */
  readonly stoppedAt?: IToken;
}

const saveError = (CstParser.prototype as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException }).SAVE_ERROR;

/**
 * The grammar of the spec's EBNF, nothing else: no AST building, no checks.
 * Recovery is on, so one run reports every syntax error and still yields a
 * (partial) CST. `ACTION` blocks only record where we are, for messages.
 */
export class RelParser extends CstParser {
  readonly context: ParseContext;

  constructor() {
    const context: ParseContext = {};
    super([...T.allTokens], {
      recoveryEnabled: true,
      nodeLocationTracking: "onlyOffset",
      maxLookahead: 3,
      errorMessageProvider: new RelErrorMessages(context),
    });
    this.context = context;
    this.performSelfAnalysis();
  }

  /**
   * Chevrotain's hook for every error it records (not in its typings).
   * Recovery costs time per error, so input that is all errors (20,000
   * stray `@default([`) would take seconds: stop after MAX_SYNTAX_ERRORS.
   */
  protected SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    if (this.errors.length >= MAX_SYNTAX_ERRORS) throw new TooManySyntaxErrors(error.token);
    return saveError.call(this, error);
  }

  /**
   * Parses `tokens` with `rule` (the whole file by default). Errors past
   * MAX_SYNTAX_ERRORS end the parse: no CST then, and `stoppedAt` is the
   * token where reading stopped. The parser lives as long as the process, so
   * it lets go of the tokens before returning: a 10,000-entity schema has
   * ~1M of them, ~190 bytes each, that would otherwise stay alive through
   * the whole build.
   */
  parse(tokens: IToken[], rule: () => CstNode = this.file): ParseRun {
    this.input = tokens;
    this.context.block = undefined;
    this.context.field = undefined;
    try {
      return { cst: rule.call(this), errors: this.errors };
    } catch (err) {
      if (!(err instanceof TooManySyntaxErrors)) throw err;
      return { errors: this.errors, stoppedAt: err.token };
    } finally {
      // (setting the input resets the recorded errors too: they were read above)
      this.input = [];
    }
  }

  // A declaration keyword followed by a name and `{` (or `import "x"`) starts a
  // new declaration: stop a block's repetition there so a missing `}` is
  // reported as such instead of reading `entity Post` as a field.
  private startsDeclaration(): boolean {
    const la1 = this.LA(1);
    if (tokenMatcher(la1, T.Import)) return tokenMatcher(this.LA(2), T.StringLiteral);
    const isDeclKeyword = tokenMatcher(la1, T.Entity) || tokenMatcher(la1, T.Table) || tokenMatcher(la1, T.Enum);
    return isDeclKeyword && tokenMatcher(this.LA(2), T.Name) && tokenMatcher(this.LA(3), T.LBrace);
  }

  private enterBlock(kind: string, name: IToken): void {
    this.ACTION(() => {
      this.context.block = { kind, name: name.isInsertedInRecovery ? undefined : name.image };
      this.context.field = undefined;
    });
  }

  readonly file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.enumDecl) },
        { ALT: () => this.SUBRULE(this.entityDecl) },
        { ALT: () => this.SUBRULE(this.tableDecl) },
      ]);
    });
  });

  readonly importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.ACTION(() => (this.context.block = undefined));
    this.CONSUME(T.StringLiteral);
  });

  readonly enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(T.Enum);
    this.enterBlock("enum", this.CONSUME(T.Name));
    this.CONSUME(T.LBrace);
    this.MANY({ GATE: () => !this.startsDeclaration(), DEF: () => this.CONSUME2(T.Name) });
    this.CONSUME(T.RBrace);
  });

  readonly entityDecl = this.RULE("entityDecl", () => {
    this.CONSUME(T.Entity);
    this.enterBlock("entity", this.CONSUME(T.Name));
    this.SUBRULE(this.memberBlock);
  });

  readonly tableDecl = this.RULE("tableDecl", () => {
    this.CONSUME(T.Table);
    this.enterBlock("table", this.CONSUME(T.Name));
    this.SUBRULE(this.memberBlock);
  });

  readonly memberBlock = this.RULE("memberBlock", () => {
    this.CONSUME(T.LBrace);
    this.MANY({ GATE: () => !this.startsDeclaration(), DEF: () => this.SUBRULE(this.member) });
    this.CONSUME(T.RBrace);
  });

  readonly member = this.RULE("member", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.field) }, { ALT: () => this.SUBRULE(this.blockAttr) }]);
  });

  readonly field = this.RULE("field", () => {
    const name = this.CONSUME(T.Name);
    this.ACTION(() => (this.context.field = name.image));
    this.SUBRULE(this.typeRef);
    this.MANY(() => this.SUBRULE(this.fieldAttr));
  });

  readonly typeRef = this.RULE("typeRef", () => {
    // A missing type before the next declaration must not swallow `entity`.
    this.OR([{ GATE: () => !this.startsDeclaration(), ALT: () => this.CONSUME(T.Name) }]);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.literal);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.literal);
      });
      this.CONSUME(T.RParen);
    });
    this.OPTION2(() => {
      this.CONSUME(T.LBracket);
      this.CONSUME(T.RBracket);
    });
    this.OPTION3(() => this.CONSUME(T.Question));
  });

  readonly fieldAttr = this.RULE("fieldAttr", () => {
    this.CONSUME(T.At);
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.args));
      this.CONSUME(T.RParen);
    });
  });

  readonly blockAttr = this.RULE("blockAttr", () => {
    this.CONSUME(T.AtAt);
    this.CONSUME(T.Name);
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.args));
    this.CONSUME(T.RParen);
  });

  readonly args = this.RULE("args", () => {
    this.SUBRULE(this.arg);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.arg);
    });
  });

  readonly arg = this.RULE("arg", () => {
    this.OPTION(() => {
      this.CONSUME(T.Name);
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.value);
  });

  readonly value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.list) },
      {
        // `true`/`false`/`null` are Names too; the literal alternative wins.
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          this.CONSUME(T.Name);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.Dot);
                this.CONSUME2(T.Name);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.LParen);
                this.CONSUME(T.RParen);
              },
            },
            { ALT: () => this.OPTION(() => this.SUBRULE(this.direction)) },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.HyphenWord);
          this.OPTION2(() => this.SUBRULE2(this.direction));
        },
      },
    ]);
  });

  readonly direction = this.RULE("direction", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Asc) }, { ALT: () => this.CONSUME(T.Desc) }]);
  });

  readonly list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.value);
      });
    });
    this.CONSUME(T.RBracket);
  });

  readonly literal = this.RULE("literal", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
    ]);
  });
}

export type { CstNode, TokenType };
