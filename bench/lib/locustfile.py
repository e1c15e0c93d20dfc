# Locust's fastest user type, no think time: the peer comparison's Locust side.
from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser


class StaticUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def index(self):
        self.client.get("/index.html")
