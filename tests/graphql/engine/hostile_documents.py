"""Documents from issue 14's audit: small texts that expand into huge answers or huge validation work."""
from __future__ import annotations


def nested_license_bomb(levels: int = 13, *, aliases: int = 1, unused_fragment: bool = False) -> str:
    """`CurrentUser { adminClients { ...C<levels> } }`: each level of fragments selects the next one
    two or three times, so the answer grows as 3^levels while the text grows linearly."""
    fragments = ["fragment C0 on Client { id name }", "fragment L0 on License { id name }"]
    for r in range(1, levels + 1):
        # Only the fragments the operation reaches (C<levels-1> and L<levels> are not), so the
        # document is valid.
        if r != levels - 1:
            fragments.append(f"fragment C{r} on Client {{ id name licenses {{ ...L{r - 1} }} "
                             f"primaryLicense {{ ...L{r - 1} }} }}")
        if r != levels:
            fragments.append(f"fragment L{r} on License {{ id name client {{ ...C{r - 1} }} "
                             f"parentLicense {{ ...L{r - 1} }} childLicenses {{ ...L{r - 1} }} }}")
    if unused_fragment:
        fragments.append("fragment Unused on Client { id }")
    selections = " ".join(f"a{i}: adminClients {{ ...C{levels} }}" if aliases > 1 else f"adminClients {{ ...C{levels} }}"
                          for i in range(aliases))
    return "query Bomb { CurrentUser { " + selections + " } }\n" + "\n".join(fragments)
