namespace Coroutines.Generator.Model;

/// <summary>Where a piece of the template sits in its file (1-based line and column), for <c>#line</c> mapping.</summary>
internal readonly record struct SourceSpan(int StartLine, int StartColumn, int EndLine, int EndColumn);
