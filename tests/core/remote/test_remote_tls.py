"""TLS to a team server: verified by default, with an in-house CA file when one is set, and off only
when the user turns it off. The certificates are made for the test by a throwaway CA."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.core.engine.remote import RemoteEngine, TlsError
from app.core.engine.remote.http import RetryPolicy
from app.core.engine.types import GenerationRequest
from app.core.settings import RemoteEndpoint
from tests.support.openai_fault_server import FaultServer

ONCE = RetryPolicy(attempts=1)


@dataclass(frozen=True)
class Certificates:
    ca_file: Path
    server_context: ssl.SSLContext


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    folder = tmp_path_factory.mktemp("tls")
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Copydesk test CA"))
        .issuer_name(_name("Copydesk test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = folder / "team-ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain = folder / "server.pem"
    chain.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    key_file = folder / "server.key"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain, key_file)
    return Certificates(ca_file, context)


@pytest.fixture
def https_server(certificates: Certificates) -> Iterator[FaultServer]:
    with FaultServer(models=("secure-model",), tls=certificates.server_context) as server:
        yield server


def test_an_unknown_certificate_is_refused_with_advice(https_server: FaultServer) -> None:
    endpoint = RemoteEndpoint(name="team", base_url=https_server.base_url)
    with pytest.raises(TlsError, match="CA file"):
        RemoteEngine.connect(endpoint, policy=ONCE)


def test_the_teams_ca_file_makes_it_trusted(https_server: FaultServer, certificates: Certificates) -> None:
    endpoint = RemoteEndpoint(name="team", base_url=https_server.base_url, ca_file=str(certificates.ca_file))
    engine = RemoteEngine.connect(endpoint, policy=ONCE)
    try:
        assert engine.model_name == "secure-model"
        text = "".join(c.text for c in engine.stream(GenerationRequest.chat("Hello", max_tokens=8)))
        assert text
    finally:
        engine.close()


def test_verification_off_connects_anyway(https_server: FaultServer) -> None:
    endpoint = RemoteEndpoint(name="team", base_url=https_server.base_url, verify_tls=False)
    engine = RemoteEngine.connect(endpoint, policy=ONCE)
    engine.close()
