"""LibreOffice kept from reaching outside the documents it converts: the private profile's
settings, and an environment whose web proxy is nowhere. Both the per-call ``soffice`` (``convert``)
and the long-lived one behind the UNO bridge (``office``) start this way.
"""

from __future__ import annotations

import os
from pathlib import Path

_NOWHERE = "http://127.0.0.1:9"  # the discard port: refused at once on this machine
_PROXY_VARIABLES = tuple(
    case(name)
    for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")
    for case in (str.lower, str.upper)
)
# The private profile's settings (LibreOffice's registrymodifications.xcu): documents may not
# reach outside themselves or run code. Links to pictures from untrusted documents are blocked,
# macros never run, and LibreOffice's web access goes to a proxy that is not there (each of the
# first and last was seen, alone, to stop LibreOffice 7.4 fetching a linked picture). The papers are cleaned of such links before they get here
# (``papers``, ``outside_links``); this is the second line.
_HARDENED = (
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("org.openoffice.Inet/Settings", "ooInetProxyType", "1"),
    ("org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
    *(
        ("org.openoffice.Inet/Settings", f"ooInet{scheme}Proxy{part}", value)
        for scheme in ("HTTP", "HTTPS", "FTP")
        for part, value in (("Name", "127.0.0.1"), ("Port", "9"))
    ),
)


def harden_profile(profile: Path) -> None:
    """Write the private profile's settings before LibreOffice first starts with it."""
    settings = profile / "user" / "registrymodifications.xcu"
    if settings.exists():
        return
    settings.parent.mkdir(parents=True, exist_ok=True)
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in _HARDENED
    )
    settings.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + items + "</oor:items>\n",
        encoding="utf-8",
    )


def offline_environment() -> dict[str, str]:
    """This process's environment with every web proxy pointed nowhere: any web request
    LibreOffice still tried would go to a proxy that is not there."""
    return {
        **os.environ,
        **dict.fromkeys(_PROXY_VARIABLES, _NOWHERE),
        "no_proxy": "",
        "NO_PROXY": "",
    }
