"""The case register's named personas (``secretary``, ``reader``, ``secretariat_client``) are
used here too, so they are defined once."""

from samhandling.cases.tests.conftest import reader, secretariat_client, secretary

__all__ = ["reader", "secretariat_client", "secretary"]
