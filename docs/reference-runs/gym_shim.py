# Minimal stand-ins for gym 0.17 Acrobot-v1 (book dynamics) and CartPole-v1, each with TimeLimit's
# 500-step cut, to run the reference code.
import numpy as np
from numpy import pi, sin, cos
from . import spaces
def wrap(x, m, M):
    diff = M - m
    while x > M: x = x - diff
    while x < m: x = x + diff
    return x
def bound(x, m, M): return min(max(x, m), M)
def rk4(derivs, y0, dt):
    dt2 = dt / 2.0
    k1 = np.asarray(derivs(y0)); k2 = np.asarray(derivs(y0 + dt2 * k1)); k3 = np.asarray(derivs(y0 + dt2 * k2)); k4 = np.asarray(derivs(y0 + dt * k3))
    return y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
class Acrobot:
    MAX_VEL_1 = 4 * pi; MAX_VEL_2 = 9 * pi
    def __init__(self):
        self.action_space = spaces.Discrete(3); self.t = 0
    def reset(self):
        self.state = np.random.uniform(low=-0.1, high=0.1, size=(4,)); self.t = 0
        return self._ob()
    def _ob(self):
        s = self.state
        return np.array([cos(s[0]), sin(s[0]), cos(s[1]), sin(s[1]), s[2], s[3]])
    def _dsdt(self, sa):
        m1 = m2 = 1.0; l1 = 1.0; lc1 = lc2 = 0.5; I1 = I2 = 1.0; g = 9.8
        a = sa[-1]; th1, th2, dth1, dth2 = sa[:4]
        d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * cos(th2)) + I1 + I2
        d2 = m2 * (lc2 ** 2 + l1 * lc2 * cos(th2)) + I2
        phi2 = m2 * lc2 * g * cos(th1 + th2 - pi / 2.)
        phi1 = -m2 * l1 * lc2 * dth2 ** 2 * sin(th2) - 2 * m2 * l1 * lc2 * dth2 * dth1 * sin(th2) + (m1 * lc1 + m2 * l1) * g * cos(th1 - pi / 2) + phi2
        ddth2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dth1 ** 2 * sin(th2) - phi2) / (m2 * lc2 ** 2 + I2 - d2 ** 2 / d1)
        ddth1 = -(d2 * ddth2 + phi1) / d1
        return (dth1, dth2, ddth1, ddth2, 0.)
    def step(self, a):
        torque = [-1., 0., 1.][int(a)]
        ns = rk4(self._dsdt, np.append(self.state, torque), 0.2)[:4]
        ns[0] = wrap(ns[0], -pi, pi); ns[1] = wrap(ns[1], -pi, pi)
        ns[2] = bound(ns[2], -self.MAX_VEL_1, self.MAX_VEL_1); ns[3] = bound(ns[3], -self.MAX_VEL_2, self.MAX_VEL_2)
        self.state = ns; self.t += 1
        terminal = bool(-cos(ns[0]) - cos(ns[1] + ns[0]) > 1.)
        info = {}
        if self.t >= 500:
            info['TimeLimit.truncated'] = not terminal; terminal = True
        return self._ob(), (-1. if not terminal or self.t >= 500 and info.get('TimeLimit.truncated') else 0.), terminal, info
class CartPole:
    # docs/environments.md: explicit Euler, ±12° and ±2.4 bounds, reward 1 on every step.
    THETA_MAX = 12 * 2 * pi / 360
    def __init__(self):
        self.action_space = spaces.Discrete(2); self.t = 0
    def reset(self):
        self.state = np.random.uniform(low=-0.05, high=0.05, size=(4,)); self.t = 0
        return np.array(self.state)
    def step(self, a):
        x, x_dot, theta, theta_dot = self.state
        force = 10.0 if a == 1 else -10.0
        c, s = cos(theta), sin(theta)
        temp = (force + 0.05 * theta_dot ** 2 * s) / 1.1
        theta_acc = (9.8 * s - c * temp) / (0.5 * (4.0 / 3.0 - 0.1 * c ** 2 / 1.1))
        x_acc = temp - 0.05 * theta_acc * c / 1.1
        self.state = (x + 0.02 * x_dot, x_dot + 0.02 * x_acc, theta + 0.02 * theta_dot, theta_dot + 0.02 * theta_acc)
        self.t += 1
        x, _, theta, _ = self.state
        terminal = bool(x < -2.4 or x > 2.4 or theta < -self.THETA_MAX or theta > self.THETA_MAX)
        info = {}
        if self.t >= 500:
            info['TimeLimit.truncated'] = not terminal; terminal = True
        return np.array(self.state), 1.0, terminal, info
def make(name):
    return {"Acrobot-v1": Acrobot, "CartPole-v1": CartPole}[name]()
