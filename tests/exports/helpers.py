"""Following an export the way a user does: the request queues it and redirects to its page; a worker
builds it; the user downloads the file from that page."""

from cms.notifications.worker import run_queued_tasks


def exported(client, response) -> bytes:
    assert response.status_code == 302, response.status_code
    page = response["Location"]
    run_queued_tasks()
    assert client.get(page).status_code == 200
    download = client.get(f"{page}download/")
    assert download.status_code == 200, download.status_code
    return b"".join(download.streaming_content)
