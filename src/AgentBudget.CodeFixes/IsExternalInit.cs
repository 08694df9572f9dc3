namespace System.Runtime.CompilerServices;

// Lets the netstandard2.0 generator use records and init accessors; the compiler looks the type up by name.
internal static class IsExternalInit
{
}
