"""Password reset by e-mail, through the portal's own mail settings and a real SMTP server."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_reset_link_arrives_by_mail_and_sets_a_new_password(client, stuurgroeplid, smtp_server):
    stuurgroeplid.email = "sg@roosendaal.nl"
    stuurgroeplid.save()
    page = client.get(reverse("account_reset_password")).content.decode()
    assert "Wachtwoord" in page and 'lang="nl"' in page

    response = client.post(reverse("account_reset_password"), {"email": "SG@roosendaal.nl"})
    assert response.status_code == 302
    assert len(smtp_server) == 1
    mail = smtp_server[0]
    assert mail["To"] == "sg@roosendaal.nl"
    assert mail["Subject"].startswith("[WBW Regieportaal]")
    body = (
        mail.get_payload(decode=True).decode()
        if not mail.is_multipart()
        else (mail.get_payload(0).get_payload(decode=True).decode())
    )
    link = re.search(r"http://testserver(/account/password/reset/key/\S+/)", body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(
        set_url,
        {"password1": "een-nieuw-lang-wachtwoord", "password2": "een-nieuw-lang-wachtwoord"},
    )
    assert done.status_code == 302
    stuurgroeplid.refresh_from_db()
    assert stuurgroeplid.check_password("een-nieuw-lang-wachtwoord")
    # The link works once.
    assert "ongeldig" in client.get(link, follow=True).content.decode().lower()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, stuurgroeplid, smtp_server):
    response = client.post(reverse("account_reset_password"), {"email": "niemand@example.nl"})
    assert response.status_code == 302
    assert smtp_server == []


def test_the_login_page_links_to_the_reset(client):
    assert reverse("account_reset_password") in client.get(reverse("login")).content.decode()
