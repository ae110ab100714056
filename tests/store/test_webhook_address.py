"""Which webhook targets are allowed: public addresses, or what the site's allow-list names."""

from __future__ import annotations

import pytest

from store.webhook_address import AddressRefused, AllowList, Target, check


def _resolver(table: dict[str, list[str]]):  # noqa: ANN202
    def resolve(host: str, _port: int) -> list[str]:
        if host not in table:
            raise OSError("Name or service not known")
        return table[host]

    return resolve


PUBLIC = _resolver({"crm.example.com": ["93.184.216.34"], "rebind.example.com": ["93.184.216.34", "10.0.0.5"],
                    "intranet.example.com": ["10.0.4.7"], "v6.example.com": ["2001:4860:4860::8888"]})


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://169.254.169.254/latest/meta-data",
        "http://10.1.2.3/x", "http://192.168.0.10/x", "http://172.16.5.5/x", "http://100.64.0.1/x",
        "http://0.0.0.0/x", "http://224.0.0.1/x", "http://[::1]/x", "http://[fe80::1]/x", "http://[fc00::1]/x",
        "http://[::ffff:127.0.0.1]/x", "http://[ff02::1]/x", "http://intranet.example.com/x",
        "http://rebind.example.com/x",
    ],
)
def test_internal_targets_are_refused(url: str) -> None:
    resolver = _resolver({"localhost": ["127.0.0.1"], **{h: PUBLIC(h, 0) for h in
                          ("intranet.example.com", "rebind.example.com")}})
    with pytest.raises(AddressRefused) as refused:
        check(url, AllowList(), resolver)
    assert not refused.value.retryable


def test_public_targets_pass_and_the_address_is_pinned() -> None:
    target = check("https://crm.example.com/hooks/callbrief?x=1", AllowList(), PUBLIC)
    assert target == Target("https://crm.example.com/hooks/callbrief?x=1", "crm.example.com", 443, "93.184.216.34")
    assert target.pinned_url() == "https://93.184.216.34:443/hooks/callbrief?x=1"
    assert target.host_header() == "crm.example.com"
    v6 = check("http://v6.example.com:8080/h", AllowList(), PUBLIC)
    assert v6.pinned_url() == "http://[2001:4860:4860::8888]:8080/h" and v6.host_header() == "v6.example.com:8080"


def test_the_allow_list_names_hosts_addresses_and_networks() -> None:
    allowed = AllowList.parse(" intranet.example.com, 127.0.0.1 ,10.9.0.0/16,")
    assert check("http://intranet.example.com/x", allowed, PUBLIC).address == "10.0.4.7"
    assert check("http://127.0.0.1:9000/x", allowed, PUBLIC).port == 9000
    assert check("http://10.9.3.4/x", allowed, PUBLIC).address == "10.9.3.4"
    with pytest.raises(AddressRefused):
        check("http://10.8.3.4/x", allowed, PUBLIC)


def test_unresolvable_names_bad_schemes_and_credentials() -> None:
    with pytest.raises(AddressRefused) as unresolved:
        check("http://nowhere.invalid/x", AllowList(), PUBLIC)
    assert unresolved.value.retryable
    for url in ("ftp://crm.example.com/x", "http:///x", "http://user:pw@crm.example.com/x", "http://[::1/x"):
        with pytest.raises(AddressRefused):
            check(url, AllowList(), PUBLIC)
