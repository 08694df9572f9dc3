#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices;

// Lets netstandard2.0 use init accessors and records; the compiler looks the type up by name.
internal static class IsExternalInit
{
}
#endif
