/*
 * A stand-in for Windows' bcryptprimitives.dll, for running the test suite
 * under Wine releases that lack it (Wine 8.0 among them).
 *
 * Rust's standard library, and the getrandom crate, take their random bytes
 * from ProcessPrng in bcryptprimitives.dll. Without that DLL every Rust
 * program stops before main. This one exports ProcessPrng and forwards it to
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has always had.
 *
 * Test support only: it is never part of the published crate.
 */
#include <windows.h>

/* RtlGenRandom, as advapi32 exports it. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
