"""Where a webhook may be sent: the ``callback_url``'s host is resolved and
every address it resolves to must be a public one.

Loopback, link-local (169.254.169.254: cloud metadata), private, shared,
reserved and multicast addresses are refused, so an upload cannot make a
worker POST signed call data to a service inside the site's network,
unless the site names the target in ``CALLBRIEF_WEBHOOK_ALLOWED_HOSTS``: a
comma-separated list of host names (``crm.internal``), addresses
(``10.0.4.7``) and networks (``10.0.4.0/24``).

The check runs when a call is accepted and again before every delivery;
the delivery then connects to the address that was checked (see
:class:`Target`), so a name that resolves differently a moment later
(DNS rebinding) cannot redirect it. Redirects are never followed.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]


class AddressRefused(Exception):
    """The callback URL may not be used; ``retryable`` when the name did not
    resolve (the site's DNS may answer later)."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


@dataclass(frozen=True)
class AllowList:
    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> AllowList:
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for item in (text or "").split(","):
            item = item.strip().lower()
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                hosts.add(item.rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def names(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def covers(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


@dataclass(frozen=True)
class Target:
    """A checked callback URL and the address to connect to."""

    url: str
    host: str
    port: int
    address: str

    def pinned_url(self) -> str:
        """The URL with the checked address in place of the host name."""
        parts = urlsplit(self.url)
        literal = f"[{self.address}]" if ":" in self.address else self.address
        return urlunsplit((parts.scheme, f"{literal}:{self.port}", parts.path or "/", parts.query, ""))

    def host_header(self) -> str:
        default = 443 if urlsplit(self.url).scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check(url: str, allowed: AllowList, resolve: Resolver = system_resolver) -> Target:
    """Resolve the URL's host; raise :class:`AddressRefused` unless every
    address is public or the allow-list names the host or its addresses."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise AddressRefused("not a valid URL") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise AddressRefused("an http:// or https:// URL is needed")
    if parts.username or parts.password:
        raise AddressRefused("credentials in the URL are not accepted")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise AddressRefused(f"the host {host!r} does not resolve", retryable=True) from exc
        if not addresses:
            raise AddressRefused(f"the host {host!r} does not resolve", retryable=True)
    if not allowed.names(host):
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            if not _public(address) and not allowed.covers(address):
                raise AddressRefused(
                    f"the host {host!r} is a loopback, private, link-local or multicast address; "
                    "a site allows such targets in CALLBRIEF_WEBHOOK_ALLOWED_HOSTS"
                )
    return Target(url=url, host=host, port=port, address=addresses[0])
