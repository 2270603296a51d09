import type { Diagnostic, RelatedSpan } from "../diagnostic.js";
import type { Span } from "../../source/span.js";

/** The single place that builds diagnostic objects. */
export function error(code: string, span: Span, message: string, help?: string, related?: RelatedSpan[]): Diagnostic {
  return { code, severity: "error", message, span, ...(help ? { help } : {}), ...(related?.length ? { related } : {}) };
}

export function warning(code: string, span: Span, message: string, help?: string, related?: RelatedSpan[]): Diagnostic {
  return { code, severity: "warning", message, span, ...(help ? { help } : {}), ...(related?.length ? { related } : {}) };
}
